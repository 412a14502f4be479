"""Remote working: the security operating procedures first, the route per preset, the
year it lasts and the renewal reminder."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from approvals import services
from approvals.models import Request
from approvals.types import get_type
from approvals.types.remote_working import SECURITY_PROCEDURES_KEY, year_after
from declarations.models import Cycle
from declarations.tests.factories import (
    DeclarationFactory,
    DeclarationKindFactory,
    RequirementFactory,
)
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import approve_all, day, form_answers, form_errors, route, submit

pytestmark = pytest.mark.django_db


def data(**changes):
    values = {
        "location": "At home in Solihull",
        "equipment": "Issued laptop WM-L-0042",
        "corporate_equipment": "on",
        "starts_on": day(7),
        "reason": "Two days a week at home to write the annual report.",
    }
    return {**values, **changes}


@pytest.fixture
def procedures(db):
    """The security operating procedures, signed once for each new version."""
    return DeclarationKindFactory(
        key=SECURITY_PROCEDURES_KEY,
        name="Security operating procedures for mobile and remote working",
        cycle=Cycle.PER_VERSION,
    )


@pytest.fixture
def signed(procedures, requester):
    return DeclarationFactory(requirement__user=requester, requirement__kind=procedures)


def test_a_complete_form_is_accepted(requester):
    answers = form_answers("remote_working", requester, data())
    assert answers["corporate_equipment"] is True
    assert answers["starts_on"] == "2026-06-08"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"corporate_equipment": ""},
            "corporate_equipment",
            "Confirm you will use only issued equipment: remote working on a personal device "
            "is not allowed.",
        ),
        ({"starts_on": day(-1)}, "starts_on", "The first day cannot be in the past."),
        ({"location": ""}, "location", "This field is required."),
        ({"reason": ""}, "reason", "This field is required."),
    ],
)
def test_the_form_says_what_is_wrong(requester, changes, field, message):
    assert form_errors("remote_working", requester, data(**changes))[field] == [message]


def test_someone_who_has_not_signed_the_procedures_is_sent_to_sign_them(procedures, requester):
    owed = RequirementFactory(user=requester, kind=procedures)
    assert get_type("remote_working").why_not(requester) == (
        "Sign the security operating procedures for mobile and remote working before asking "
        "to work remotely.",
        reverse("declarations:sign", args=[owed.pk]),
    )


def test_without_a_requirement_to_sign_the_link_is_to_their_declarations(procedures, requester):
    message, link = get_type("remote_working").why_not(requester)
    assert link == reverse("declarations:index")


def test_someone_who_has_signed_may_ask(signed, requester):
    assert get_type("remote_working").why_not(requester) is None


def test_a_newer_version_owed_but_not_yet_due_does_not_stop_them(signed, procedures, requester):
    RequirementFactory(user=requester, kind=procedures, due_date=dt.date(2026, 6, 10))
    assert get_type("remote_working").why_not(requester) is None


def test_a_newer_version_overdue_stops_them(signed, procedures, requester):
    owed = RequirementFactory(user=requester, kind=procedures, due_date=dt.date(2026, 5, 29))
    message, link = get_type("remote_working").why_not(requester)
    assert message.startswith("Sign the new version of the security operating procedures")
    assert link == reverse("declarations:sign", args=[owed.pk])


def test_an_organisation_without_the_procedures_does_not_wait_for_them(requester):
    assert get_type("remote_working").why_not(requester) is None


def test_submission_is_refused_until_the_procedures_are_signed(
    west_midlands, holders, procedures, requester
):
    request = services.request_draft_save(
        requester=requester,
        type_key="remote_working",
        answers=form_answers("remote_working", requester, data()),
    )
    with pytest.raises(ValidationError, match="Sign the security operating procedures"):
        services.request_submit(request=request, actor=requester)
    request.refresh_from_db()
    assert request.status == Request.Status.DRAFT


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("west-midlands-opcc", [("decide", RoleKey.CHIEF_EXECUTIVE, "", True)]),
        ("essex-pfcc", [("decide", RoleKey.CHIEF_EXECUTIVE, "001 §3.5", False)]),
        ("durham", [("decide", "line_manager", "", True)]),
    ],
)
def test_the_route_comes_from_the_preset(load_preset, holders, signed, requester, preset, expected):
    load_preset(preset)
    request = submit("remote_working", requester, data())
    assert route(request) == expected
    assert request.summary == "Remote working from 8 June 2026: At home in Solihull"


def test_permission_lasts_a_year_from_the_first_day(west_midlands, holders, signed, requester):
    request = approve_all(submit("remote_working", requester, data()), list(holders.values()))
    assert request.status == Request.Status.APPROVED
    assert (request.starts_on, request.ends_on) == (dt.date(2026, 6, 8), dt.date(2027, 6, 7))


def test_a_year_from_29_february_ends_on_the_last_day_of_february():
    assert year_after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_when_the_year_is_over_the_requester_is_told_to_renew_once(
    west_midlands, holders, signed, requester, mailoutbox, django_capture_on_commit_callbacks
):
    request = approve_all(submit("remote_working", requester, data()), list(holders.values()))
    with time_machine.travel(dt.datetime(2027, 6, 8, 7, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.requests_expire(today=dt.date(2027, 6, 8)) == 1
        assert services.requests_expire(today=dt.date(2027, 6, 8)) == 0
    request.refresh_from_db()
    assert request.status == Request.Status.EXPIRED
    renewal = Notification.objects.get(kind="request_renewal_due")
    assert renewal.recipient == requester
    assert renewal.idempotency_key == f"request:{request.pk}:renewal"
    assert renewal.subject == f"Remote working needs renewing: {request.reference}"
    assert "ended on Monday 7 June 2027" in renewal.body_text
    assert [m.to for m in mailoutbox if m.subject.endswith(renewal.subject)] == [[requester.email]]
