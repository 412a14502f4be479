"""Who may see and change staff records."""

from __future__ import annotations

from django.http import Http404

from kernel.access import uses_role
from kernel.roles import RoleKey

from .models import User

# Read every staff record and the authority matrix.
STAFF_READERS = (RoleKey.ADMINISTRATOR, RoleKey.AUDITOR, RoleKey.CHIEF_EXECUTIVE)
# Change staff records, roles and the authority matrix.
STAFF_EDITORS = (RoleKey.ADMINISTRATOR,)


def may_read_staff(user) -> bool:
    return uses_role(user, *STAFF_READERS)


def may_change_staff(user) -> bool:
    return uses_role(user, *STAFF_EDITORS)


def get_staff_for_user(user, pk: int) -> User:
    """The staff record ``pk`` if ``user`` may read it; otherwise ``Http404``."""
    if not may_read_staff(user):
        raise Http404
    try:
        return User.objects.select_related("team", "line_manager", "mailbox_nominee").get(pk=pk)
    except User.DoesNotExist as error:
        raise Http404 from error
