"""The daily and hourly work: reminders, escalation, expiry and travel advice, each keyed so
that a second run sends and changes nothing."""

import datetime as dt

import pytest
import time_machine

from approvals import services
from approvals.models import Request
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification
from staff.selectors import organisation_settings

from .factories import approve_all, device_abroad_data, open_step, submit

pytestmark = pytest.mark.django_db

EXTERNAL = {
    "full_name": "Jordan Consultant",
    "organisation": "Northgate Research Ltd",
    "reason": "Evaluating the victims' service contract.",
    "starts_on": "2026-06-08",
    "ends_on": "2026-09-30",
}


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC), tick=False)


def kinds(recipient) -> list[str]:
    return list(
        Notification.objects.filter(recipient=recipient)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


@pytest.fixture
def external(west_midlands, holders, requester):
    """Waiting for Information Security since Monday 1 June 2026, due Monday 8 June."""
    request = submit("email_external", requester, EXTERNAL)
    assert open_step(request).due_on == dt.date(2026, 6, 8)
    return request


def test_a_step_due_today_is_reminded_once(external, holders):
    infosec = holders[RoleKey.INFORMATION_SECURITY]
    with at(dt.date(2026, 6, 5)):
        assert services.steps_remind_and_escalate(today=dt.date(2026, 6, 5))["due"] == 0
    with at(dt.date(2026, 6, 8)):
        assert services.steps_remind_and_escalate(today=dt.date(2026, 6, 8))["due"] == 1
        count = Notification.objects.count()
        services.steps_remind_and_escalate(today=dt.date(2026, 6, 8))
        assert Notification.objects.count() == count
    assert kinds(infosec) == ["request_step_opened", "request_step_due"]


def test_an_overdue_step_is_reminded_once(external, holders):
    infosec = holders[RoleKey.INFORMATION_SECURITY]
    for day in (dt.date(2026, 6, 9), dt.date(2026, 6, 10), dt.date(2026, 6, 11)):
        with at(day):
            counts = services.steps_remind_and_escalate(today=day)
            assert (counts["overdue"], counts["escalated"]) == (1, 0)
    assert kinds(infosec) == ["request_step_opened", "request_step_overdue"]


def test_a_step_overdue_by_the_escalation_period_goes_to_the_fallback_once(external, holders):
    assert organisation_settings().escalation_working_days == 5
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    # Friday 12 June is four working days past the due date: not yet.
    with at(dt.date(2026, 6, 12)):
        assert services.steps_remind_and_escalate(today=dt.date(2026, 6, 12))["escalated"] == 0
    with at(dt.date(2026, 6, 15)):
        assert services.steps_remind_and_escalate(today=dt.date(2026, 6, 15))["escalated"] == 1
        assert services.steps_remind_and_escalate(today=dt.date(2026, 6, 15))["escalated"] == 0
    step = external.steps.get()
    assert step.role.key == RoleKey.CHIEF_EXECUTIVE
    assert step.escalated_at is not None
    assert step.due_on == dt.date(2026, 6, 22)
    assert kinds(chief) == ["request_step_escalated"]
    assert AuditEvent.objects.filter(action="request.step_escalated").count() == 1
    with at(dt.date(2026, 6, 30)):
        assert services.steps_remind_and_escalate(today=dt.date(2026, 6, 30))["escalated"] == 0
    assert external.steps.get().role.key == RoleKey.CHIEF_EXECUTIVE


def test_escalation_counts_working_days_not_bank_holidays(west_midlands, holders, requester):
    # Opened Thursday 24 December 2026: due Tuesday 5 January 2027.
    with at(dt.date(2026, 12, 24)):
        request = submit(
            "email_external",
            requester,
            {**EXTERNAL, "starts_on": "2027-01-11", "ends_on": "2027-03-31"},
        )
    assert open_step(request).due_on == dt.date(2027, 1, 5)
    with at(dt.date(2027, 1, 11)):
        assert services.steps_remind_and_escalate(today=dt.date(2027, 1, 11))["escalated"] == 0
    with at(dt.date(2027, 1, 12)):
        assert services.steps_remind_and_escalate(today=dt.date(2027, 1, 12))["escalated"] == 1


def test_approved_permissions_expire_after_their_last_day_once(external, holders):
    approve_all(external, list(holders.values()))
    with at(dt.date(2026, 9, 30)):
        assert services.requests_expire(today=dt.date(2026, 9, 30)) == 0
    with at(dt.date(2026, 10, 1)):
        assert services.requests_expire(today=dt.date(2026, 10, 1)) == 1
        assert services.requests_expire(today=dt.date(2026, 10, 1)) == 0
    external.refresh_from_db()
    assert external.status == Request.Status.EXPIRED
    assert AuditEvent.objects.filter(action="request.expired").count() == 1


def test_travel_advice_is_sent_two_days_before_departure_once(west_midlands, holders, requester):
    trip = approve_all(
        submit("device_abroad", requester, device_abroad_data()), list(holders.values())
    )
    assert trip.starts_on == dt.date(2026, 6, 15)
    assert services.request_types_daily(today=dt.date(2026, 6, 12)) == 0
    assert services.request_types_daily(today=dt.date(2026, 6, 13)) == 1
    assert services.request_types_daily(today=dt.date(2026, 6, 13)) == 1
    services.request_types_daily(today=dt.date(2026, 6, 14))
    advice = Notification.objects.get(kind="request_travel_advice")
    assert advice.recipient == requester
    assert "never leave it in a car" in advice.body_text


def test_no_advice_for_a_trip_not_approved(west_midlands, holders, requester):
    submit("device_abroad", requester, device_abroad_data())
    services.request_types_daily(today=dt.date(2026, 6, 13))
    assert not Notification.objects.filter(kind="request_travel_advice").exists()
