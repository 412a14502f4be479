"""Who may see a signed record."""

from __future__ import annotations

from kernel.access import uses_role
from kernel.roles import RoleKey

from .kinds import get_kind
from .models import Record


def can_see_record(user, record: Record) -> bool:
    """The subject; auditors; the subject's line manager where the kind allows
    (declarations, leaver cases); the decision makers for decisions."""
    if not user.is_authenticated or not user.is_active:
        return False
    if record.subject_id == user.pk:
        return True
    if uses_role(user, RoleKey.AUDITOR):
        return True
    kind = get_kind(record.kind)
    if kind.line_manager_may_see and record.subject.line_manager_id == user.pk:
        return True
    return uses_role(user, *kind.roles_may_see)


def can_retry_records(user) -> bool:
    return uses_role(user, RoleKey.ADMINISTRATOR)
