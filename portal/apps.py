from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Every app says what it holds about a person in its own ``personal_data`` module.
        autodiscover_modules("personal_data")
