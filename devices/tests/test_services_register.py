"""Adding devices, correcting them, taking them back, losing and disposing of them."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from devices.models import Device, DeviceEvent
from devices.services import (
    device_add,
    device_dispose,
    device_mark_lost,
    device_return,
    device_update,
    devices_export,
    devices_import,
)
from devices.signals import holdings_changed
from devices.tests.factories import DeviceFactory, PoolUserFactory
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Device.Status


@pytest.fixture
def signals_sent():
    sent = []

    def record(sender, user_ids, **kwargs):
        sent.append(user_ids)

    holdings_changed.connect(record)
    yield sent
    holdings_changed.disconnect(record)


def test_a_device_added_is_in_stock_with_its_history(admin_user):
    device = device_add(actor=admin_user, kind="laptop", asset_tag=" OPCC-L-7 ", serial="X1")
    assert (device.status, device.asset_tag) == (Status.IN_STOCK, "OPCC-L-7")
    assert device.events.get().action == DeviceEvent.Action.ADDED
    assert AuditEvent.objects.get(action="device.added").details["asset_tag"] == "OPCC-L-7"


def test_an_asset_tag_is_unique_whatever_its_case(admin_user):
    DeviceFactory(asset_tag="OPCC-0001")
    with pytest.raises(ValidationError, match="already has the asset tag opcc-0001"):
        device_add(actor=admin_user, kind="phone", asset_tag="opcc-0001")
    other = DeviceFactory(asset_tag="OPCC-0002")
    with pytest.raises(ValidationError, match="already has the asset tag"):
        device_update(device=other, actor=admin_user, asset_tag="Opcc-0001")


def test_a_correction_records_what_changed_and_nothing_when_nothing_did(admin_user):
    device = DeviceFactory(model="iPhone 12", to_complete=True)
    device_update(device=device, actor=admin_user, model="iPhone 12")
    assert not AuditEvent.objects.filter(action="device.updated").exists()
    device_update(device=device, actor=admin_user, model="iPhone 13", to_complete=False)
    details = AuditEvent.objects.get(action="device.updated").details
    assert details == {
        "model": {"from": "iPhone 12", "to": "iPhone 13"},
        "to_complete": {"from": True, "to": False},
    }
    assert device.events.get().action == DeviceEvent.Action.EDITED


def test_a_new_kind_for_an_issued_device_changes_what_its_holder_holds(
    admin_user, signals_sent, django_capture_on_commit_callbacks
):
    device = DeviceFactory(issued=True, kind="other")
    with django_capture_on_commit_callbacks(execute=True):
        device_update(device=device, actor=admin_user, kind="phone")
    assert signals_sent == [[device.holder_id]]


def test_a_returned_device_is_held_by_nobody(
    admin_user, signals_sent, django_capture_on_commit_callbacks
):
    device = DeviceFactory(issued=True)
    holder = device.holder
    with django_capture_on_commit_callbacks(execute=True):
        device_return(device=device, actor=admin_user, note="Handed in at reception")
    device.refresh_from_db()
    assert (device.status, device.holder, device.issued_on) == (Status.RETURNED, None, None)
    event = device.events.get()
    assert (event.action, event.person, event.note) == (
        "returned",
        holder,
        "Handed in at reception",
    )
    assert signals_sent == [[holder.pk]]


def test_returning_a_pool_device_ends_every_named_use(
    admin_user, signals_sent, django_capture_on_commit_callbacks
):
    named = PoolUserFactory()
    other = PoolUserFactory(device=named.device)
    with django_capture_on_commit_callbacks(execute=True):
        device_return(device=named.device, actor=admin_user)
    assert not named.device.pool_users.current().exists()
    assert signals_sent == [sorted([named.person_id, other.person_id])]


def test_only_an_issued_device_is_returned(admin_user):
    with pytest.raises(ValidationError, match="only an issued device can be returned"):
        device_return(device=DeviceFactory(), actor=admin_user)


def test_a_lost_device_is_held_by_nobody_and_reporting_it_again_changes_nothing(admin_user):
    device = DeviceFactory(issued=True)
    holder = device.holder
    device_mark_lost(device=device, actor=admin_user, note="Stolen from a car")
    device_mark_lost(device=device, actor=admin_user, note="Reported again")
    device.refresh_from_db()
    assert (device.status, device.holder) == (Status.LOST, None)
    assert device.events.get().person == holder
    assert AuditEvent.objects.filter(action="device.lost").count() == 1


def test_a_disposed_device_must_not_be_issued(admin_user):
    with pytest.raises(ValidationError, match="record it returned"):
        device_dispose(device=DeviceFactory(issued=True), actor=admin_user)
    device = DeviceFactory(status=Status.LOST)
    device_dispose(device=device, actor=admin_user, note="Written off")
    device.refresh_from_db()
    assert device.status == Status.DISPOSED
    with pytest.raises(ValidationError, match="cannot be reported lost"):
        device_mark_lost(device=device, actor=admin_user)


def _row(line, **values):
    return SimpleNamespace(line=line, values={"serial": "", "model": "", "notes": "", **values})


def test_an_import_records_devices_as_they_are(
    admin_user, signals_sent, django_capture_on_commit_callbacks
):
    holder, team = UserFactory(), TeamFactory(name="Reception")
    rows = [
        _row(2, asset_tag="OPCC-1", kind="phone", status="issued", holder=holder,
             issued_on=dt.date(2024, 5, 1)),
        _row(3, asset_tag="OPCC-2", kind="tablet", status="issued", pool_team=team),
        _row(4, asset_tag="OPCC-3", kind="laptop", status="in_stock"),
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert devices_import(rows=rows, actor=admin_user) == 3
    phone = Device.objects.get(asset_tag="OPCC-1")
    assert (phone.holder, phone.issued_on, phone.status) == (
        holder,
        dt.date(2024, 5, 1),
        Status.ISSUED,
    )
    assert Device.objects.get(asset_tag="OPCC-2").pool_team == team
    assert Device.objects.get(asset_tag="OPCC-3").status == Status.IN_STOCK
    assert AuditEvent.objects.get(action="device.imported").details == {"rows": 3, "issued": 1}
    assert signals_sent == [[holder.pk]]


def test_an_import_with_a_tag_taken_meanwhile_imports_nothing_and_names_the_line(admin_user):
    DeviceFactory(asset_tag="OPCC-2")
    rows = [_row(2, asset_tag="OPCC-1", kind="phone"), _row(3, asset_tag="opcc-2", kind="phone")]
    with pytest.raises(ValidationError) as refused:
        devices_import(rows=rows, actor=admin_user)
    assert refused.value.messages == ["Line 3: another device already has the asset tag OPCC-2."]
    assert Device.objects.count() == 1


def test_an_export_is_audited(admin_user):
    devices_export(actor=admin_user, filters={"status": "issued"}, rows=4)
    event = AuditEvent.objects.get(action="device.exported")
    assert event.details == {"filters": {"status": "issued"}, "rows": 4}
