"""A lost device report protects the social-media accounts the device could reach: each is
marked at risk with its password to change, and the communications team is told."""

import pytest

from accounts_registry.models import Account
from accounts_registry.tests.factories import AccessFactory, AccountFactory
from approvals.types import get_type
from audit.models import AuditEvent
from devices.models import Device
from devices.tests.factories import DeviceFactory, PoolUserFactory
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import form_answers, form_errors, lost_device_data, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(requester):
    """The requester's accounts, one for each way of reaching one, and one closed."""
    return {
        "owned": AccountFactory(active=True, owner=requester, handle="@Owned"),
        "administered": AccountFactory(active=True, administrator=requester, handle="@Admin"),
        "moderated": AccountFactory(moderator=requester, handle="@Moderated"),
        "with access": AccessFactory(person=requester, account__handle="@Shared").account,
        "closed": AccountFactory(owner=requester, status=Account.Status.CLOSED, handle="@Closed"),
    }


def flags(account):
    account.refresh_from_db()
    return account.at_risk, account.password_change_required


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_every_account_the_person_can_reach_is_marked_at_risk(
    west_midlands, holders, requester, reachable, answer
):
    other = AccountFactory(active=True, handle="@SomeoneElse")
    request = submit("report_lost_device", requester, lost_device_data(social_accounts=answer))
    for name in ("owned", "administered", "moderated", "with access"):
        assert flags(reachable[name]) == (True, True), name
        reason = f"Work phone, asset tag WM-01234 reported lost or stolen ({request.reference})"
        assert reachable[name].at_risk_reason == reason
    assert flags(reachable["closed"]) == (False, False)
    assert flags(other) == (False, False)
    events = AuditEvent.objects.filter(action="social_account.password_change_required")
    assert events.count() == 4
    assert {event.actor for event in events} == {requester}


def test_the_communications_team_is_told_which_accounts(
    west_midlands, holders, requester, reachable, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit("report_lost_device", requester, lost_device_data(social_accounts="yes"))
    comms = holders[RoleKey.COMMUNICATIONS]
    [told] = Notification.objects.filter(kind="report_accounts_at_risk")
    assert told.recipient == comms
    assert told.link == f"/requests/{request.pk}/"
    [message] = [m for m in mailoutbox if m.to == [comms.email] and "at risk" in m.subject]
    assert "4 social-media accounts at risk: Riley Report reported a lost device" in (
        message.subject
    )
    for handle in ("@Owned", "@Admin", "@Moderated", "@Shared"):
        assert handle in message.body
    assert "@Closed" not in message.body


def test_a_lost_personal_phone_that_carried_accounts_protects_them_too(
    west_midlands, holders, requester, reachable
):
    data = lost_device_data(device_owner="personal", device="My own iPhone", social_accounts="yes")
    submit("report_lost_device", requester, data)
    assert flags(reachable["owned"]) == (True, True)


def test_nothing_is_marked_when_no_account_could_be_reached(
    west_midlands, holders, requester, reachable
):
    submit("report_lost_device", requester, lost_device_data(social_accounts="no"))
    assert flags(reachable["owned"]) == (False, False)
    assert not Notification.objects.filter(kind="report_accounts_at_risk").exists()


def test_someone_with_no_accounts_only_sends_the_report(west_midlands, holders, requester):
    request = submit("report_lost_device", requester, lost_device_data(social_accounts="yes"))
    assert request.steps.open().count() == 2
    assert not Notification.objects.filter(kind="report_accounts_at_risk").exists()
    assert not AuditEvent.objects.filter(action="social_account.password_change_required")


# The device chosen from the register ------------------------------------------------------


def test_the_reporter_chooses_from_the_devices_they_hold_or_another(requester):
    phone = DeviceFactory(asset_tag="WM-01234", issued=True, holder=requester, model="")
    pooled = PoolUserFactory(person=requester, device__asset_tag="WM-POOL").device
    DeviceFactory(asset_tag="WM-SOMEONE-ELSES", issued=True)

    form = get_type("report_lost_device").make_form(requester=requester)

    choices = dict(form.fields["held_device"].choices)
    assert choices[str(phone.pk)] == "Mobile phone WM-01234"
    assert str(pooled.pk) in choices
    assert "another" in choices
    assert len(choices) == 3


def test_a_device_from_the_register_is_named_in_the_answers(requester):
    phone = DeviceFactory(asset_tag="WM-01234", issued=True, holder=requester, model="Pixel 8")
    data = lost_device_data(held_device=str(phone.pk), device="")

    answers = form_answers("report_lost_device", requester, data)

    assert answers["device"] == "Mobile phone WM-01234 (Pixel 8)"
    assert answers["held_device"] == str(phone.pk)


def test_another_device_must_be_described(requester):
    DeviceFactory(issued=True, holder=requester)
    data = lost_device_data(held_device="another", device="")

    errors = form_errors("report_lost_device", requester, data)

    assert errors["device"] == ["Say which device, or choose one of yours above."]


def test_someone_holding_no_device_describes_it(requester):
    form = get_type("report_lost_device").make_form(requester=requester)
    assert "held_device" not in form.fields
    assert form.fields["device"].required


def test_the_report_marks_the_chosen_device_lost_accounts_at_risk_and_tells_comms(
    west_midlands, holders, requester, reachable, django_capture_on_commit_callbacks
):
    phone = DeviceFactory(asset_tag="WM-01234", issued=True, holder=requester)
    data = lost_device_data(held_device=str(phone.pk), device="", social_accounts="yes")

    with django_capture_on_commit_callbacks(execute=True):
        request = submit("report_lost_device", requester, data)

    phone.refresh_from_db()
    assert (phone.status, phone.holder) == (Device.Status.LOST, None)
    [event] = phone.events.filter(action="lost")
    assert event.actor == requester
    assert request.reference in event.note
    assert flags(reachable["owned"]) == (True, True)
    assert Notification.objects.filter(kind="report_accounts_at_risk").exists()


def test_another_device_leaves_the_register_alone(west_midlands, holders, requester):
    phone = DeviceFactory(issued=True, holder=requester)
    data = lost_device_data(held_device="another", device="My own iPhone", device_owner="personal")

    request = submit("report_lost_device", requester, data)

    phone.refresh_from_db()
    assert phone.status == "issued"
    assert request.answers["device"] == "My own iPhone"
