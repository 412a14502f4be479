from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = "Declarations"

    def ready(self):
        from . import dashboard  # noqa: F401
