"""Issuing a device, and naming people on a pool device: what is checked first."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from devices.models import Device, DeviceEvent
from devices.rules import IssueRefusal, _issue_checks, register_issue_check
from devices.services import (
    IssueRefused,
    device_issue,
    pool_create,
    pool_user_add,
    pool_user_remove,
)
from devices.signals import holdings_changed
from devices.tests.factories import DeviceFactory, PoolUserFactory
from staff.models import StaffType
from staff.services import organisation_settings_update
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals_sent():
    sent = []

    def record(sender, user_ids, **kwargs):
        sent.append(user_ids)

    holdings_changed.connect(record)
    yield sent
    holdings_changed.disconnect(record)


@time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_device_in_stock_is_issued_and_the_change_recorded(
    admin_user, signals_sent, django_capture_on_commit_callbacks
):
    phone, person = DeviceFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        device_issue(device=phone, person=person, actor=admin_user)
    phone.refresh_from_db()
    assert (phone.status, phone.holder, phone.issued_on) == (
        Device.Status.ISSUED,
        person,
        dt.date(2026, 3, 2),
    )
    event = phone.events.get(action=DeviceEvent.Action.ISSUED)
    assert (event.actor, event.person) == (admin_user, person)
    audit = AuditEvent.objects.get(action="device.issued")
    assert audit.actor == admin_user and audit.details["person"] == person.email
    assert signals_sent == [[person.pk]]


@pytest.mark.parametrize(
    "status", [Device.Status.ISSUED, Device.Status.LOST, Device.Status.DISPOSED]
)
def test_only_a_device_in_stock_or_returned_is_issued(admin_user, status):
    device = DeviceFactory(status=status)
    with pytest.raises(ValidationError, match="only a device in stock or returned can be issued"):
        device_issue(device=device, person=UserFactory(), actor=admin_user)


def test_a_returned_device_is_issued_again(admin_user):
    device = DeviceFactory(status=Device.Status.RETURNED)
    device_issue(device=device, person=UserFactory(), actor=admin_user)
    device.refresh_from_db()
    assert device.status == Device.Status.ISSUED


def test_a_staff_type_the_organisation_does_not_issue_phones_to_is_refused_quoting_the_setting(
    admin_user,
):
    organisation_settings_update(
        actor=None, device_staff_types={"phone": [StaffType.PERMANENT, StaffType.AGENCY]}
    )
    contractor = UserFactory(full_name="Cara Contractor", staff_type=StaffType.CONTRACTOR)
    with pytest.raises(IssueRefused) as refused:
        device_issue(device=DeviceFactory(), person=contractor, actor=admin_user)
    assert refused.value.messages == [
        "The organisation's settings issue a mobile phone only to permanent and agency staff "
        "(who may be issued each kind of device); Cara Contractor is contractor staff."
    ]
    laptop = device_issue(device=DeviceFactory(kind="laptop"), person=contractor, actor=admin_user)
    assert laptop.holder == contractor


def test_someone_who_has_left_is_not_issued_a_device(admin_user):
    leaver = UserFactory(is_active=False)
    with pytest.raises(IssueRefused, match="does not work here now"):
        device_issue(device=DeviceFactory(), person=leaver, actor=admin_user)


def test_a_registered_check_refuses_with_its_reason_and_link(admin_user):
    def needs_training(person, device_kind):
        return [IssueRefusal("Training first.", "/training/")] if device_kind == "tablet" else []

    register_issue_check(needs_training)
    try:
        tablet = DeviceFactory(kind="tablet")
        with pytest.raises(IssueRefused) as refused:
            device_issue(device=tablet, person=UserFactory(), actor=admin_user)
        assert refused.value.refusals == [IssueRefusal("Training first.", "/training/")]
        tablet.refresh_from_db()
        assert tablet.status == Device.Status.IN_STOCK and not tablet.events.exists()
        assert device_issue(device=DeviceFactory(), person=UserFactory(), actor=admin_user)
    finally:
        _issue_checks.remove(needs_training)


def test_a_pool_device_is_issued_to_a_team_and_shared_by_named_people(
    admin_user, signals_sent, django_capture_on_commit_callbacks
):
    tablet, team = DeviceFactory(kind="tablet"), TeamFactory(name="Engagement")
    ann, bob = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        pool_create(device=tablet, team=team, actor=admin_user)
        pool_user_add(device=tablet, person=ann, actor=admin_user)
        named_bob = pool_user_add(device=tablet, person=bob, actor=admin_user)
        pool_user_remove(pool_user=named_bob, actor=admin_user)
    tablet.refresh_from_db()
    assert (tablet.status, tablet.pool_team, tablet.holder) == (Device.Status.ISSUED, team, None)
    assert list(tablet.pool_users.current().values_list("person", flat=True)) == [ann.pk]
    assert signals_sent == [[ann.pk], [bob.pk], [bob.pk]]
    named_bob.refresh_from_db()
    assert named_bob.removed_by == admin_user
    assert list(tablet.events.order_by("pk").values_list("action", flat=True)) == [
        "issued",
        "pool_user_added",
        "pool_user_added",
        "pool_user_removed",
    ]


def test_someone_already_named_is_not_named_twice_and_removing_twice_changes_nothing(admin_user):
    named = PoolUserFactory()
    with pytest.raises(ValidationError, match="already named"):
        pool_user_add(device=named.device, person=named.person, actor=admin_user)
    pool_user_remove(pool_user=named, actor=admin_user)
    pool_user_remove(pool_user=named, actor=admin_user)
    assert AuditEvent.objects.filter(action="device.pool_user_removed").count() == 1


def test_the_checks_of_issuing_apply_to_each_person_named_on_a_pool_phone(admin_user):
    organisation_settings_update(actor=None, device_staff_types={"phone": [StaffType.PERMANENT]})
    pool_phone = DeviceFactory(pool=True)
    with pytest.raises(IssueRefused, match="only to permanent staff"):
        pool_user_add(
            device=pool_phone, person=UserFactory(staff_type=StaffType.VOLUNTEER), actor=admin_user
        )


def test_only_an_issued_pool_device_takes_named_people(admin_user):
    with pytest.raises(ValidationError, match="not an issued pool device"):
        pool_user_add(device=DeviceFactory(issued=True), person=UserFactory(), actor=admin_user)
