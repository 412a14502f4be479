from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records and audit trail"

    def ready(self):
        from . import dashboard  # noqa: F401
