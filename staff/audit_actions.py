"""What the audit trail records about sign-in, people, roles, the authority matrix and settings."""

from audit.actions import AuditActions, registered


@registered
class SignInAction(AuditActions):
    SIGNED_IN = "auth.signed_in", "Signed in"
    SIGN_IN_FAILED = "auth.sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "auth.signed_out", "Signed out"
    SSO_REFUSED = "auth.sso_refused", "Single sign-on refused"
    MFA_ADDED = "mfa.added", "Two-factor authentication method added"
    MFA_REMOVED = "mfa.removed", "Two-factor authentication method removed"
    MFA_RESET = "mfa.reset", "Recovery codes regenerated"
    MFA_FAILED = "mfa.failed", "Wrong two-factor code entered"
    PASSWORD_CHANGED = "auth.password_changed", "Password changed"
    PASSWORD_SET = "auth.password_set", "Password set"
    PASSWORD_RESET = "auth.password_reset", "Forgotten password reset"
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested", "Password reset link sent"


@registered
class StaffAction(AuditActions):
    CREATED = "staff.created", "Staff member added"
    CHANGED = "staff.changed", "Staff details changed"
    DEACTIVATED = "staff.deactivated", "Staff member deactivated"
    REACTIVATED = "staff.reactivated", "Staff member reactivated"
    IMPORTED = "staff.imported", "Staff imported"
    TEAM_CREATED = "team.created", "Team added"
    ROLE_ASSIGNED = "role.assigned", "Role assigned"
    ROLE_REMOVED = "role.removed", "Role removed"
    AUTHORITY_MATRIX_CHANGED = "authority_matrix.changed", "Authority matrix changed"
    ORGANISATION_SETTINGS_CHANGED = "organisation_settings.changed", "Organisation settings changed"
