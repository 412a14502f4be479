from django.apps import AppConfig

from approvals.task_pages import register_task_page


class LeaversConfig(AppConfig):
    name = "leavers"
    verbose_name = "Leavers"

    def ready(self):
        from . import authorizers  # noqa: F401 - it registers who sees case records
        from .selectors import item_page_url

        register_task_page("leaver:", item_page_url)
