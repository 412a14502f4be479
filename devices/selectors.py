"""Who holds which devices.

A person holds a device when it is issued to them, or when they are a current
user of an issued pool device. Declarations read ``holders_of`` to know who owes
a declaration for holding a device; leavers read ``devices_held_by``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from staff.models import User

from .models import Device, PoolUser


def devices_held_by(person) -> QuerySet[Device]:
    """The issued devices ``person`` holds now: issued to them, or a pool device they use."""
    pool_ids = PoolUser.objects.current().filter(person=person).values("device_id")
    return (
        Device.objects.issued()
        .filter(Q(holder=person) | Q(pk__in=pool_ids))
        .select_related("pool_team")
        .order_by("kind", "asset_tag")
    )


def holders_of(kinds: Iterable[str], *, today: dt.date | None = None) -> QuerySet[User]:
    """People holding an issued device of any of ``kinds`` on ``today`` (default today).

    A device issued to someone counts from its issue date; a pool device counts for
    each current user from the day they were named on it.
    """
    kinds = list(kinds)
    if not kinds:
        return User.objects.none()
    today = today or timezone.localdate()
    issued = Device.objects.issued().filter(kind__in=kinds)
    direct = issued.filter(holder__isnull=False).filter(
        Q(issued_on__isnull=True) | Q(issued_on__lte=today)
    )
    pooled = PoolUser.objects.current().filter(
        device__in=issued.filter(pool_team__isnull=False), added_at__date__lte=today
    )
    return User.objects.filter(
        Q(pk__in=direct.values("holder_id")) | Q(pk__in=pooled.values("person_id"))
    )


def current_pool_users(device: Device) -> QuerySet[PoolUser]:
    return device.pool_users.current().select_related("person").order_by("person__full_name")


def device_history(device: Device):
    return device.events.select_related("actor", "person").order_by("-occurred_at", "-pk")
