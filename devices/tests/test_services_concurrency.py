"""Two people acting on one device at the same moment: exactly one change stands
(PostgreSQL, two real transactions)."""

import pytest
from django.db import connection

from accounts_registry.tests.test_services_concurrency import at_once
from audit.models import AuditEvent
from devices import services
from devices.models import Device, PoolUser
from staff.tests.factories import UserFactory

from .factories import DeviceFactory


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time, so there is no race to test")


def test_one_phone_issued_to_two_people_at_once_goes_to_one(postgresql):
    phone, ann, bob, desk = DeviceFactory(), UserFactory(), UserFactory(), UserFactory()
    outcomes, errors = at_once(
        lambda: services.device_issue(device=phone, person=ann, actor=desk),
        lambda: services.device_issue(device=phone, person=bob, actor=desk),
    )
    assert errors == []
    [refusal] = [outcome for outcome in outcomes if outcome != "done"]
    assert "only a device in stock or returned can be issued" in refusal
    phone.refresh_from_db()
    assert phone.status == Device.Status.ISSUED and phone.holder in (ann, bob)
    assert AuditEvent.objects.filter(action="device.issued").count() == 1


def test_one_person_named_twice_at_once_is_named_once(postgresql):
    tablet, person, desk = DeviceFactory(kind="tablet", pool=True), UserFactory(), UserFactory()
    outcomes, errors = at_once(
        lambda: services.pool_user_add(device=tablet, person=person, actor=desk),
        lambda: services.pool_user_add(device=tablet, person=person, actor=desk),
    )
    assert errors == []
    [refusal] = [outcome for outcome in outcomes if outcome != "done"]
    assert "already named" in refusal
    assert PoolUser.objects.filter(device=tablet).count() == 1
