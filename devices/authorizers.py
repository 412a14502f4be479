"""Who may see the device register and who may change it.

* **The register** (every device, its history, the import and the export) is kept
  by the IT service desk, who issue, take back and write off devices. Auditors and
  administrators read it and change nothing.
* **A person's devices**, on their staff page, are shown to whoever may see the
  register; a person sees their own devices where they are asked to choose one
  (a request to take a device abroad, a lost-device report).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kernel.access import uses_role
from kernel.roles import RoleKey

from .models import Device, PoolUser

REGISTER_KEEPERS = (RoleKey.IT_SERVICE_DESK,)
REGISTER_READERS = (RoleKey.IT_SERVICE_DESK, RoleKey.ADMINISTRATOR, RoleKey.AUDITOR)


def may_see_register(user) -> bool:
    """Whether the person sees every device and its history."""
    return uses_role(user, *REGISTER_READERS)


def may_change_devices(user) -> bool:
    """Adding, issuing, taking back, writing off and importing: the IT service desk."""
    return uses_role(user, *REGISTER_KEEPERS)


def visible_devices(user) -> QuerySet[Device]:
    """Every device this person may open: the whole register, or none."""
    if may_see_register(user):
        return Device.objects.all()
    return Device.objects.none()


def get_device_for_user(user, pk: int) -> Device:
    """The device, if this person may see it; otherwise not found."""
    try:
        return visible_devices(user).select_related("holder", "pool_team").get(pk=pk)
    except Device.DoesNotExist as error:
        raise Http404 from error


def get_pool_user_for_user(user, device: Device, pk: int) -> PoolUser:
    """A current pool user of ``device``; otherwise not found."""
    try:
        return PoolUser.objects.current().select_related("person").get(pk=pk, device=device)
    except PoolUser.DoesNotExist as error:
        raise Http404 from error
