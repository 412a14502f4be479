"""Posting for the office, or using its name, crest or photographs: the form and the route."""

import pytest

from approvals.models import Request, Task
from kernel.roles import RoleKey

from .factories import approve_all, day, form_answers, form_errors, route, submit

pytestmark = pytest.mark.django_db


def data(**changes):
    values = {
        "uses": ["post", "crest"],
        "where": "the office's LinkedIn page",
        "content": "A post announcing the new youth commission, with the crest.",
        "needed_on": day(10),
    }
    return {**values, **changes}


def test_a_complete_form_is_accepted(requester):
    answers = form_answers("office_name_use", requester, data())
    assert answers["uses"] == ["post", "crest"]
    assert answers["needed_on"] == "2026-06-11"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"uses": []}, "uses", "Choose at least one thing you want to do."),
        ({"needed_on": day(-1)}, "needed_on", "The date it is needed by cannot be in the past."),
        ({"where": ""}, "where", "This field is required."),
        ({"content": ""}, "content", "This field is required."),
        (
            {"uses": ["banner"]},
            "uses",
            "Select a valid choice. banner is not one of the available choices.",
        ),
    ],
)
def test_the_form_says_what_is_wrong(requester, changes, field, message):
    assert form_errors("office_name_use", requester, data(**changes))[field] == [message]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        (
            "west-midlands-opcc",
            [("decide", RoleKey.CHIEF_EXECUTIVE, "000 §32; App. A §13, §14", False)],
        ),
        ("essex-pfcc", [("decide", RoleKey.COMMUNICATIONS, "002 §3.0", False)]),
        ("durham", [("decide", RoleKey.COMMUNICATIONS, "", True)]),
    ],
)
def test_the_route_comes_from_the_preset(load_preset, holders, requester, preset, expected):
    load_preset(preset)
    request = submit("office_name_use", requester, data())
    assert route(request) == expected
    assert request.summary == (
        "A post on behalf of the office, using its crest or logo: the office's LinkedIn "
        "page, needed by 11 June 2026"
    )


def test_approval_is_the_written_permission_and_makes_no_task(west_midlands, holders, requester):
    request = approve_all(submit("office_name_use", requester, data()), list(holders.values()))
    assert request.status == Request.Status.APPROVED
    assert request.record.kind == "decision"
    assert request.record.evidence["steps"][0]["clause"] == "000 §32; App. A §13, §14"
    assert not Task.objects.exists()
