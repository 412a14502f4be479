"""Who may see a signed record."""

from __future__ import annotations

from collections.abc import Callable

from kernel.access import uses_role
from kernel.roles import RoleKey

from .kinds import get_kind
from .models import Record

# Who else may see the records of one model's objects, told by the app above that
# owns the model: "approvals.request" -> may_see(user, record) -> bool.
_OBJECT_READERS: dict[str, Callable] = {}


def record_readers(model_label: str):
    """Register who besides the subject and auditors may see records about objects of
    ``model_label`` (e.g. everyone who took part in a decision). A decorator."""

    def register(may_see: Callable) -> Callable:
        _OBJECT_READERS[model_label] = may_see
        return may_see

    return register


def can_see_record(user, record: Record) -> bool:
    """The subject; auditors; the subject's line manager where the kind allows
    (declarations, leaver cases); the roles the kind names; and whoever the app
    owning the record's object says (for decisions, everyone who took part)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if record.subject_id == user.pk:
        return True
    if uses_role(user, RoleKey.AUDITOR):
        return True
    kind = get_kind(record.kind)
    if kind.line_manager_may_see and record.subject.line_manager_id == user.pk:
        return True
    if uses_role(user, *kind.roles_may_see):
        return True
    if not record.content_type_id:
        return False
    content_type = record.content_type
    readers = _OBJECT_READERS.get(f"{content_type.app_label}.{content_type.model}")
    return bool(readers and readers(user, record))


def can_retry_records(user) -> bool:
    return uses_role(user, RoleKey.ADMINISTRATOR)
