from django.apps import AppConfig


class AccountsRegistryConfig(AppConfig):
    name = "accounts_registry"
    verbose_name = "Social-media account register"

    def ready(self):
        from . import checks, dashboard  # noqa: F401  (the credential key checks, the home page sections)
