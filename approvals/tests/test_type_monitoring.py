"""Authority to monitor a person's communications: the form, the route per preset, the
Information Security tasks, and a person who is never told and never sees it."""

import datetime as dt

import pytest
import time_machine

from approvals import services
from approvals.authorizers import visible_requests
from approvals.models import Request, Task
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import approve_all, day, form_answers, form_errors, route, submit

pytestmark = pytest.mark.django_db


def data(person, **changes):
    values = {
        "person": person.email,
        "channels": ["email", "internet"],
        "reason": "A complaint of harassment by email that cannot be looked into otherwise.",
        "privileged": "",
        "starts_on": day(1),
        "ends_on": day(29),
    }
    return {**values, **changes}


def test_a_complete_form_is_accepted(requester, person):
    answers = form_answers("monitoring", requester, data(person))
    assert answers["person"] == person.pk
    assert answers["channels"] == ["email", "internet"]
    assert answers["privileged"] is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"channels": []}, "channels", "Choose at least one kind of communication to monitor."),
        (
            {"starts_on": day(-1)},
            "starts_on",
            "Monitoring cannot be authorised for days already past.",
        ),
        ({"ends_on": day(0)}, "ends_on", "The last day must be on or after the first."),
        ({"ends_on": ""}, "ends_on", "This field is required."),
        ({"reason": ""}, "reason", "This field is required."),
    ],
)
def test_the_form_says_what_is_wrong(requester, person, changes, field, message):
    assert form_errors("monitoring", requester, data(person, **changes))[field] == [message]


def test_nobody_asks_to_monitor_themselves(requester):
    errors = form_errors("monitoring", requester, data(requester))
    assert errors["person"] == ["You cannot choose yourself here."]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("west-midlands-opcc", [("decide", RoleKey.CHIEF_EXECUTIVE, "", True)]),
        ("essex-pfcc", [("decide", RoleKey.CHIEF_EXECUTIVE, "001 §4.0", False)]),
        ("durham", [("decide", RoleKey.SIRO, "", True)]),
    ],
)
def test_the_route_comes_from_the_preset(load_preset, holders, requester, person, preset, expected):
    load_preset(preset)
    request = submit("monitoring", requester, data(person))
    assert route(request) == expected
    assert request.affected == person
    assert request.summary == "Monitoring of Pat Member"


def test_approval_asks_information_security_to_set_it_up_and_tells_the_person_nothing(
    essex, holders, requester, person
):
    request = approve_all(submit("monitoring", requester, data(person)), list(holders.values()))
    assert request.status == Request.Status.APPROVED
    task = Task.objects.get(request=request)
    assert task.key == f"request:{request.pk}:start-monitoring"
    assert task.owner_role.key == RoleKey.INFORMATION_SECURITY
    assert task.due_on == dt.date(2026, 6, 2)
    assert "Why" not in task.details
    assert not Notification.objects.filter(recipient=person).exists()


def test_the_person_monitored_never_sees_the_request(essex, holders, requester, person):
    request = submit("monitoring", requester, data(person))
    assert not visible_requests(person).filter(pk=request.pk).exists()
    approve_all(request, list(holders.values()))
    assert not visible_requests(person).filter(pk=request.pk).exists()
    assert visible_requests(requester).filter(pk=request.pk).exists()


def test_the_person_monitored_cannot_decide_it_even_holding_the_role(essex, holders, requester):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    request = submit("monitoring", requester, data(chief))
    step = request.steps.get()
    # The only chief executive is the person monitored: the monitoring officer decides.
    assert step.fallback is True
    assert step.role.key == RoleKey.MONITORING_OFFICER
    assert services.acting_for(chief, step, request) == (False, None)


def test_after_the_last_day_information_security_is_asked_to_stop_once(
    essex, holders, requester, person
):
    request = approve_all(submit("monitoring", requester, data(person)), list(holders.values()))
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        assert services.requests_expire(today=dt.date(2026, 7, 1)) == 1
        assert services.requests_expire(today=dt.date(2026, 7, 1)) == 0
    stop = Task.objects.get(key=f"request:{request.pk}:stop-monitoring")
    assert stop.owner_role.key == RoleKey.INFORMATION_SECURITY
    assert stop.due_on == dt.date(2026, 7, 1)
