"""Refused pages are recorded, but a flood of refusals cannot flood the audit trail."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from portal.middleware import ACCESS_DENIED_EVENTS_PER_MINUTE

pytestmark = pytest.mark.django_db

REFUSED = reverse("audit:event_list")
START = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)


def refuse(client, times: int) -> None:
    for _ in range(times):
        assert client.get(REFUSED).status_code == 403


def recorded(action: str, user=None) -> int:
    events = AuditEvent.objects.filter(action=action)
    return (events.filter(actor=user) if user else events).count()


@time_machine.travel(START, tick=False)
def test_records_each_refusal_up_to_the_limit(client, person):
    client.force_login(person)

    refuse(client, ACCESS_DENIED_EVENTS_PER_MINUTE)

    assert recorded("access.denied") == ACCESS_DENIED_EVENTS_PER_MINUTE
    assert recorded("access.denied_repeatedly") == 0


@time_machine.travel(START, tick=False)
def test_records_one_event_for_a_flood_of_refusals(client, person):
    client.force_login(person)

    refuse(client, 50)

    assert recorded("access.denied") == ACCESS_DENIED_EVENTS_PER_MINUTE
    [flood] = AuditEvent.objects.filter(action="access.denied_repeatedly")
    assert flood.actor == person
    assert flood.details == {
        "path": REFUSED,
        "method": "GET",
        "recorded_per_minute": ACCESS_DENIED_EVENTS_PER_MINUTE,
    }


def test_records_refusals_again_once_the_flood_stops(client, person):
    client.force_login(person)
    with time_machine.travel(START, tick=False) as clock:
        refuse(client, 50)
        clock.shift(dt.timedelta(seconds=61))

        refuse(client, 1)

    assert recorded("access.denied") == ACCESS_DENIED_EVENTS_PER_MINUTE + 1


@time_machine.travel(START, tick=False)
def test_one_persons_flood_leaves_a_colleagues_refusals_recorded(client, person, manager):
    client.force_login(person)
    refuse(client, 50)
    client.force_login(manager)

    refuse(client, 1)

    assert recorded("access.denied", manager) == 1
