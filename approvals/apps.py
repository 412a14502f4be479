from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Requests and approvals"

    def ready(self):
        from . import authorizers, dashboard, receivers  # noqa: F401 - they register themselves
        from .types import load_types

        load_types()
