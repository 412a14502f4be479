"""Email access for a non-employee: Information Security decides, IT opens the account and
closes it after the last day."""

import datetime as dt

import pytest
import time_machine

from approvals import services
from approvals.models import Request, Task
from kernel.roles import RoleKey

from .factories import approve_all, day, form_answers, form_errors, route, submit

pytestmark = pytest.mark.django_db


def data(**changes):
    values = {
        "full_name": "Jordan Consultant",
        "organisation": "Northgate Research Ltd",
        "reason": "Evaluating the victims' service contract for six months.",
        "starts_on": day(7),
        "ends_on": day(7 + 182),
    }
    return {**values, **changes}


def test_a_complete_form_is_accepted(requester):
    answers = form_answers("email_external", requester, data())
    assert (answers["starts_on"], answers["ends_on"]) == ("2026-06-08", "2026-12-07")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": ""}, "ends_on", "This field is required."),
        ({"starts_on": day(-1)}, "starts_on", "The first day cannot be in the past."),
        ({"ends_on": day(6)}, "ends_on", "The last day must be on or after the first."),
        (
            {"ends_on": day(7 + 367)},
            "ends_on",
            "An account is given for a year at most: ask again after that.",
        ),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"organisation": ""}, "organisation", "This field is required."),
    ],
)
def test_the_form_says_what_is_wrong(requester, changes, field, message):
    assert form_errors("email_external", requester, data(**changes))[field] == [message]


def test_a_year_to_the_day_is_accepted(requester):
    assert form_answers("email_external", requester, data(ends_on=day(7 + 366)))


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("west-midlands-opcc", [("decide", RoleKey.INFORMATION_SECURITY, "", True)]),
        ("essex-pfcc", [("decide", RoleKey.INFORMATION_SECURITY, "001 §3.3", False)]),
        ("durham", [("decide", RoleKey.INFORMATION_SECURITY, "", True)]),
    ],
)
def test_information_security_decides(load_preset, holders, requester, preset, expected):
    load_preset(preset)
    request = submit("email_external", requester, data())
    assert route(request) == expected
    assert request.summary == "Email account for Jordan Consultant (Northgate Research Ltd)"
    assert (request.starts_on, request.ends_on) == (dt.date(2026, 6, 8), dt.date(2026, 12, 7))


def test_approval_asks_it_to_create_the_account_from_the_first_day(essex, holders, requester):
    request = approve_all(submit("email_external", requester, data()), list(holders.values()))
    assert request.status == Request.Status.APPROVED
    task = Task.objects.get(request=request)
    assert task.key == f"request:{request.pk}:create-account"
    assert task.owner_role.key == RoleKey.IT_SERVICE_DESK
    assert task.due_on == dt.date(2026, 6, 8)
    assert f"Sponsor: Riley Report ({requester.email})" in task.details


def test_after_the_last_day_it_is_asked_to_close_the_account_once(essex, holders, requester):
    request = approve_all(submit("email_external", requester, data()), list(holders.values()))
    with time_machine.travel(dt.datetime(2026, 12, 8, 9, tzinfo=dt.UTC), tick=False):
        assert services.requests_expire(today=dt.date(2026, 12, 8)) == 1
        assert services.requests_expire(today=dt.date(2026, 12, 8)) == 0
    request.refresh_from_db()
    assert request.status == Request.Status.EXPIRED
    closing = Task.objects.get(key=f"request:{request.pk}:close-account")
    assert closing.owner_role.key == RoleKey.IT_SERVICE_DESK
    assert closing.due_on == dt.date(2026, 12, 8)
    assert closing.title == "Close the email account of Jordan Consultant"
