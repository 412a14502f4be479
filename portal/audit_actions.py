"""What the audit trail records about the portal as a whole."""

from audit.actions import AuditActions, registered


@registered
class AccessAction(AuditActions):
    DENIED = "access.denied", "Access refused"
    DENIED_REPEATEDLY = (
        "access.denied_repeatedly",
        "Access refused repeatedly: further refusals that minute not recorded",
    )


@registered
class PersonalDataAction(AuditActions):
    DOWNLOADED = "personal_data.downloaded", "Downloaded what the portal holds about them"
