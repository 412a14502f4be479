"""What the audit trail records about itself."""

from .actions import AuditActions, registered


@registered
class AuditAction(AuditActions):
    EXPORTED = "audit.exported", "Audit trail exported"
