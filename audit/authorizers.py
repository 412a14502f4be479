"""Who may read the audit trail."""

from kernel.access import uses_role
from kernel.roles import RoleKey

# The auditor, the administrator and the chief executive read the whole trail.
AUDIT_READERS = (RoleKey.ADMINISTRATOR, RoleKey.AUDITOR, RoleKey.CHIEF_EXECUTIVE)


def may_read_audit(user) -> bool:
    return uses_role(user, *AUDIT_READERS)
