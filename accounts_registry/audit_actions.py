"""What the audit trail records about the register of social-media accounts.

Every event names the account as its target, so an account's page can show its
history from the trail. No event ever carries a credential: a reveal records
which field was shown, to whom and why, never the value.
"""

from audit.actions import AuditActions, registered


@registered
class AccountAction(AuditActions):
    CREATED = "social_account.created", "Approved account entered on the register"
    ADDED = "social_account.added", "Existing account recorded on the register"
    UPDATED = "social_account.updated", "Account details changed"
    REGISTERED = "social_account.registered", "Account credentials registered"
    CREDENTIALS_CHANGED = "social_account.credentials_changed", "Account credentials changed"
    REVEALED = "social_account.revealed", "Account credential revealed"
    REVEAL_FAILED = "social_account.reveal_failed", "Account credential could not be decrypted"
    ACCESS_GRANTED = "social_account.access_granted", "Access to an account given"
    ACCESS_REMOVED = "social_account.access_removed", "Access to an account removed"
    APP_ADDED = "social_account.app_added", "Third-party app connected to an account"
    APP_REMOVED = "social_account.app_removed", "Third-party app removed from an account"
    HANDOVER_OFFERED = "social_account.handover_offered", "Account offered to a new owner"
    HANDOVER_ACCEPTED = "social_account.handover_accepted", "Account handed over"
    HANDOVER_DECLINED = "social_account.handover_declined", "Account hand-over declined"
    HANDOVER_CANCELLED = "social_account.handover_cancelled", "Account hand-over withdrawn"
    PASSWORD_CHANGE_REQUIRED = (
        "social_account.password_change_required",
        "Account password change required",
    )
    AT_RISK_CLEARED = "social_account.at_risk_cleared", "Account no longer at risk"
    REVIEWED = "social_account.reviewed", "Annual review of an account confirmed"
    CLOSED = "social_account.closed", "Account closed"
    EXPORTED = "social_account.exported", "Account register exported (CSV)"
