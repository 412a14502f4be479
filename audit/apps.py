from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        # Every app names the actions it records in its own ``audit_actions`` module.
        autodiscover_modules("audit_actions")
