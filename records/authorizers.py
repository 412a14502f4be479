"""Who may see a signed record."""

from __future__ import annotations

from portal.access import has_mfa
from staff.models import Role

from .kinds import get_kind
from .models import Record


def _uses_role(user, *keys: str) -> bool:
    # Role powers count only once the holder has multi-factor authentication.
    return bool(keys) and user.has_role(*keys) and has_mfa(user)


def can_see_record(user, record: Record) -> bool:
    """The subject; auditors; the subject's line manager where the kind allows
    (declarations, leaver cases); the decision makers for decisions."""
    if not user.is_authenticated or not user.is_active:
        return False
    if record.subject_id == user.pk:
        return True
    if _uses_role(user, Role.AUDITOR):
        return True
    kind = get_kind(record.kind)
    if kind.line_manager_may_see and record.subject.line_manager_id == user.pk:
        return True
    return _uses_role(user, *kind.roles_may_see)


def can_retry_records(user) -> bool:
    return _uses_role(user, Role.ADMINISTRATOR)
