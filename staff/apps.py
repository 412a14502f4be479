from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff and roles"

    def ready(self):
        from . import receivers  # noqa: F401
