"""What the audit trail records about signed records."""

from audit.actions import AuditActions, registered


@registered
class RecordAction(AuditActions):
    CREATED = "record.created", "Signed record requested"
    SIGNED = "record.signed", "Signed record produced"
    FAILED = "record.failed", "Signed record could not be produced"
    RETRIED = "record.retried", "Signed record tried again"
    DOWNLOADED = "record.downloaded", "Signed record downloaded"
    INTEGRITY_FAILED = "record.integrity_failed", "Stored record file did not match"
