"""What the audit trail records about itself, and about changes made in Django admin."""

from .actions import AuditActions, registered


@registered
class AuditAction(AuditActions):
    EXPORTED = "audit.exported", "Audit trail exported"


@registered
class AdminAction(AuditActions):
    ADDED = "admin.added", "Added in Django admin"
    CHANGED = "admin.changed", "Changed in Django admin"
    DELETED = "admin.deleted", "Deleted in Django admin"
    ACTION_RUN = "admin.action_run", "Django admin action run on selected items"
