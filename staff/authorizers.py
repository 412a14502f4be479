"""Who may see and change staff records."""

from __future__ import annotations

from django.http import Http404

from .models import Role, User

# Read every staff record and the authority matrix.
STAFF_READERS = (Role.ADMINISTRATOR, Role.AUDITOR, Role.CHIEF_EXECUTIVE)
# Change staff records, roles and the authority matrix.
STAFF_EDITORS = (Role.ADMINISTRATOR,)


def may_read_staff(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF_READERS)


def may_change_staff(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF_EDITORS)


def get_staff_for_user(user, pk: int) -> User:
    """The staff record ``pk`` if ``user`` may read it; otherwise ``Http404``."""
    if not may_read_staff(user):
        raise Http404
    try:
        return User.objects.select_related("team", "line_manager", "mailbox_nominee").get(pk=pk)
    except User.DoesNotExist as error:
        raise Http404 from error
