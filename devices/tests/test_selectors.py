"""Who holds which devices."""

import datetime as dt

import pytest
from django.utils import timezone

from devices.models import Device
from devices.selectors import devices_held_by, holders_of
from devices.tests.factories import DeviceFactory, PoolUserFactory
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_holds_what_is_issued_to_them_and_the_pool_devices_they_are_named_on():
    person = UserFactory()
    phone = DeviceFactory(issued=True, holder=person)
    tablet = PoolUserFactory(person=person, device__kind="tablet").device
    DeviceFactory(status=Device.Status.RETURNED, holder=person)
    PoolUserFactory(person=person, removed_at=timezone.now())
    assert set(devices_held_by(person)) == {phone, tablet}


def test_holders_of_a_kind_are_those_issued_one_or_named_on_an_issued_pool_one():
    holder, pool_user, laptop_holder = UserFactory(), UserFactory(), UserFactory()
    DeviceFactory(issued=True, holder=holder)
    PoolUserFactory(person=pool_user, device__kind="tablet")
    DeviceFactory(issued=True, holder=laptop_holder, kind="laptop")
    lost = DeviceFactory(status=Device.Status.LOST, holder=UserFactory())
    assert set(holders_of(["phone", "tablet"])) == {holder, pool_user}
    assert list(holders_of(["laptop"])) == [laptop_holder]
    assert list(holders_of([])) == []
    assert lost.holder not in holders_of(["phone"])


def test_a_device_issued_from_a_later_date_is_not_held_yet():
    person = UserFactory()
    DeviceFactory(issued=True, holder=person, issued_on=dt.date(2026, 3, 10))
    assert list(holders_of(["phone"], today=dt.date(2026, 3, 9))) == []
    assert list(holders_of(["phone"], today=dt.date(2026, 3, 10))) == [person]
