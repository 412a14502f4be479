"""Who may start, see and sign off a leaver case.

A case is started by someone above the leaver in the reporting line, an
administrator or human resources. It is signed off by the leaver's line manager,
or by the line manager's own manager when the line manager started it (so a
second person checks the manager's own case); administrators sign off a case
when the reporting line gives nobody.
"""

from __future__ import annotations

from django.http import Http404

from kernel.access import uses_role
from kernel.roles import RoleKey
from records.authorizers import record_readers
from staff.models import User

from .models import LeaverCase

CASE_ROLES = (RoleKey.ADMINISTRATOR, RoleKey.HR)


def managers_above(person: User) -> list[User]:
    """The person's line manager, their manager, and so on up (a loop stops the walk)."""
    chain: list[User] = []
    seen = {person.pk}
    manager = person.line_manager
    while manager is not None and manager.pk not in seen:
        chain.append(manager)
        seen.add(manager.pk)
        manager = manager.line_manager
    return chain


def is_above(user: User, person: User) -> bool:
    return any(manager.pk == user.pk for manager in managers_above(person))


def may_start_case(user: User, person: User) -> bool:
    """A manager above the person, an administrator or HR; never for oneself."""
    if not user.is_authenticated or user.pk == person.pk:
        return False
    return uses_role(user, *CASE_ROLES) or is_above(user, person)


def may_see_case(user: User, case: LeaverCase) -> bool:
    """Whoever may start it, whoever started it, and auditors."""
    if not user.is_authenticated or user.pk == case.person_id:
        return False
    return (
        case.started_by_id == user.pk
        or may_start_case(user, case.person)
        or uses_role(user, RoleKey.AUDITOR)
    )


def sign_off_by(case: LeaverCase) -> User | None:
    """Who signs the case off: the line manager, or theirs when the line manager started it."""
    manager = case.person.line_manager
    if manager is not None and manager.pk == case.started_by_id:
        manager = manager.line_manager
    if manager is not None and manager.pk == case.person_id:
        return None
    return manager


def may_sign_off(user: User, case: LeaverCase) -> bool:
    """The person ``sign_off_by`` names; an administrator when it names nobody."""
    if not user.is_authenticated or user.pk == case.person_id:
        return False
    signer = sign_off_by(case)
    if signer is None or not signer.can_sign_in:
        return uses_role(user, RoleKey.ADMINISTRATOR) and user.pk != case.started_by_id
    return signer.pk == user.pk


def get_case_for_user(user: User, pk: int) -> LeaverCase:
    """The case, if the user may see it; otherwise 404."""
    case = (
        LeaverCase.objects.select_related("person__line_manager", "started_by", "signed_off_by")
        .filter(pk=pk)
        .first()
    )
    if case is None or not may_see_case(user, case):
        raise Http404
    return case


@record_readers("leavers.leavercase")
def may_see_case_record(user: User, record) -> bool:
    """Everyone who may see the case sees its signed record."""
    if not record.object_id.isdigit():
        return False
    case = LeaverCase.objects.filter(pk=int(record.object_id)).select_related("person").first()
    return case is not None and may_see_case(user, case)
