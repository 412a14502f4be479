from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Requests and approvals"

    def ready(self):
        from . import dashboard  # noqa: F401
