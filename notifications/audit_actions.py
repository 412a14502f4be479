"""What the audit trail records about notifications."""

from audit.actions import AuditActions, registered


@registered
class NotificationAction(AuditActions):
    EMAIL_RESENT = "notification.email_resent", "Notification email sent again"
