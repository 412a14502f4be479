"""A lost device report protects the social-media accounts the device could reach: each is
marked at risk with its password to change, and the communications team is told."""

import pytest

from accounts_registry.models import Account
from accounts_registry.tests.factories import AccessFactory, AccountFactory
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import lost_device_data, submit

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
