"""The roles every organisation starts with. Administrators can add more."""

from kernel.roles import RoleKey

DEFAULT_ROLES = [
    (RoleKey.CHIEF_EXECUTIVE, "Chief Executive", "Approves or refuses requests; sees compliance and the audit trail; may reveal registered credentials."),
    (RoleKey.MONITORING_OFFICER, "Monitoring Officer", "Shares the Chief Executive's authority over mailbox access and similar decisions."),
    (RoleKey.SIRO, "Senior Information Risk Owner", "Owns information risk; in some organisations approves devices taken abroad."),
    (RoleKey.COMMUNICATIONS, "Communications team", "Keeps the register of corporate social-media accounts and their credentials."),
    (RoleKey.INFORMATION_SECURITY, "Information Security", "Consulted on travel with devices and on external email access."),
    (RoleKey.IT_SERVICE_DESK, "IT service desk", "Carries out tasks: disabling accounts, granting mailbox access, recovering equipment."),
    (RoleKey.HR, "Human resources", "Starts leaver cases and follows them until they are signed off."),
    (RoleKey.ADMINISTRATOR, "Administrator", "Manages staff records, roles, policies and organisation settings."),
    (RoleKey.AUDITOR, "Auditor", "Reads everything and changes nothing."),
]


def ensure_default_roles(role_model=None) -> None:
    """Create any default role that is missing (used by the migration and the tests)."""
    if role_model is None:
        from .models import Role as role_model
    for key, name, description in DEFAULT_ROLES:
        role_model.objects.get_or_create(
            key=key, defaults={"name": name, "description": description, "privileged": True}
        )
