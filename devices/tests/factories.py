"""Devices, pool users and history for the tests.

The factories write rows directly, without the services, to set up any state
quickly; tests of a behaviour go through the service that has it.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from devices.models import Device, DeviceEvent, DeviceKind, PoolUser
from staff.tests.factories import TeamFactory, UserFactory


class DeviceFactory(factory.django.DjangoModelFactory):
    """A phone in stock; ``DeviceFactory(issued=True)`` for one issued to a new person,
    ``DeviceFactory(pool=True)`` for an issued pool device of a team (name its users
    with ``PoolUserFactory``)."""

    class Meta:
        model = Device

    class Params:
        issued = factory.Trait(
            status=Device.Status.ISSUED,
            holder=factory.SubFactory(UserFactory),
            issued_on=dt.date(2026, 1, 5),
        )
        pool = factory.Trait(
            status=Device.Status.ISSUED,
            pool_team=factory.SubFactory(TeamFactory),
            issued_on=dt.date(2026, 1, 5),
        )

    kind = DeviceKind.PHONE
    asset_tag = factory.Sequence(lambda n: f"OPCC-{n:04d}")
    serial = factory.Sequence(lambda n: f"35{n:013d}")
    model = "iPhone 15"
    status = Device.Status.IN_STOCK


class PoolUserFactory(factory.django.DjangoModelFactory):
    """A person currently named on an issued pool device."""

    class Meta:
        model = PoolUser

    device = factory.SubFactory(DeviceFactory, pool=True)
    person = factory.SubFactory(UserFactory)
    added_at = factory.LazyFunction(timezone.now)


class DeviceEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeviceEvent

    device = factory.SubFactory(DeviceFactory)
    action = DeviceEvent.Action.ADDED
    occurred_at = factory.LazyFunction(timezone.now)
