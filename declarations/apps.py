from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = "Declarations"

    def ready(self):
        # The home page sections; the device register's issue check and holdings.
        from . import dashboard, receivers  # noqa: F401
