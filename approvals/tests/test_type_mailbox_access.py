"""Access to someone's mailbox: the form, the route per preset, and the IT tasks."""

import datetime as dt

import pytest
import time_machine

from approvals import services
from approvals.models import Request, Task
from approvals.types import get_type
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import approve_all, day, form_answers, form_errors, mailbox_data, route, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(manager):
    return manager


def test_a_complete_form_gives_the_people_by_id_and_dates_as_text(requester, holder, person):
    answers = form_answers("mailbox_access", requester, mailbox_data(holder, person))
    assert answers["holder"] == holder.pk
    assert answers["given_to"] == person.pk
    assert answers["starts_on"] == "2026-06-02"


def test_an_out_of_office_message_needs_neither_a_recipient_nor_an_end(requester, holder):
    data = mailbox_data(holder, None, access="out_of_office", ends_on="")
    assert form_answers("mailbox_access", requester, data)["access"] == "out_of_office"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"given_to": ""}, "given_to", "Say who receives the email or the access."),
        ({"ends_on": ""}, "ends_on", "Give the last day the access is needed."),
        (
            {"access": "delegate_access", "justification": "  "},
            "justification",
            "Explain why this exceptional access is needed and why forwarding would not do.",
        ),
        ({"starts_on": day(-1)}, "starts_on", "The first day cannot be in the past."),
        ({"ends_on": day(0)}, "ends_on", "The last day must be on or after the first."),
        (
            {"ends_on": day(1 + 367)},
            "ends_on",
            "Access is given for a year at most: ask again after that.",
        ),
    ],
)
def test_the_form_says_what_is_wrong(requester, holder, person, changes, field, message):
    errors = form_errors("mailbox_access", requester, {**mailbox_data(holder, person), **changes})
    assert errors[field] == [message]


def test_the_holder_cannot_also_receive_their_own_mail(requester, holder):
    errors = form_errors("mailbox_access", requester, mailbox_data(holder, holder))
    assert errors["given_to"] == ["The holder already has their own mailbox."]


def test_the_title_names_the_access_and_the_holder(
    requester, holder, person, west_midlands, holders
):
    request = submit("mailbox_access", requester, mailbox_data(holder, person))
    assert request.summary == "Automatic forwarding of new email to someone else: Morgan Manager"


@pytest.mark.parametrize(
    ("preset", "access", "expected"),
    [
        ("west-midlands-opcc", "auto_forward", [("decide", RoleKey.CHIEF_EXECUTIVE, "", True)]),
        ("west-midlands-opcc", "delegate_access", [("decide", RoleKey.CHIEF_EXECUTIVE, "", True)]),
        ("essex-pfcc", "auto_forward", [("decide", RoleKey.CHIEF_EXECUTIVE, "001 §3.3.1", False)]),
        ("essex-pfcc", "forwarding", [("decide", RoleKey.CHIEF_EXECUTIVE, "001 §3.3.1", False)]),
        (
            "essex-pfcc",
            "delegate_access",
            [("decide", RoleKey.CHIEF_EXECUTIVE, "001 §3.3.1", False)],
        ),
        ("durham", "forwarding", [("decide", RoleKey.INFORMATION_SECURITY, "", True)]),
    ],
)
def test_the_route_comes_from_the_preset_for_the_kind_of_access(
    load_preset, holders, requester, holder, person, preset, access, expected
):
    load_preset(preset)
    data = mailbox_data(holder, person, access=access, justification="Long absence.")
    request = submit("mailbox_access", requester, data)
    assert request.decision_key == f"mailbox.{access}"
    assert route(request) == expected


@pytest.mark.parametrize("preset", ["west-midlands-opcc", "essex-pfcc", "durham"])
def test_an_out_of_office_message_is_approved_on_submission_with_a_record(
    load_preset, requester, preset
):
    load_preset(preset)
    data = mailbox_data(requester, None, access="out_of_office", ends_on="")
    request = submit("mailbox_access", requester, data)
    assert request.status == Request.Status.APPROVED
    assert route(request) == []
    assert request.record.kind == "decision"
    assert request.record.evidence["decision"]["self_authorised"] is True


def test_approval_gives_the_service_desk_a_task_and_tells_the_holder(
    west_midlands, holders, requester, holder, person
):
    request = approve_all(
        submit("mailbox_access", requester, mailbox_data(holder, person)), list(holders.values())
    )
    assert request.status == Request.Status.APPROVED
    task = Task.objects.get(key=f"request:{request.pk}:mailbox-grant")
    assert task.owner_role.key == RoleKey.IT_SERVICE_DESK
    assert task.due_on == dt.date(2026, 6, 2)
    assert task.request == request
    assert Notification.objects.filter(recipient=holder, kind="request_affected_told").count() == 1


def test_approval_work_runs_once(west_midlands, holders, requester, holder, person):
    request = approve_all(
        submit("mailbox_access", requester, mailbox_data(holder, person)), list(holders.values())
    )
    get_type("mailbox_access").on_approved(request)
    assert Task.objects.filter(request=request).count() == 1


def test_after_the_last_day_the_service_desk_is_asked_to_remove_the_access(
    west_midlands, holders, requester, holder, person
):
    request = approve_all(
        submit("mailbox_access", requester, mailbox_data(holder, person)), list(holders.values())
    )
    assert request.ends_on == dt.date(2026, 6, 15)
    assert services.requests_expire(today=dt.date(2026, 6, 15)) == 0
    with time_machine.travel(dt.datetime(2026, 6, 16, 7, tzinfo=dt.UTC), tick=False):
        assert services.requests_expire(today=dt.date(2026, 6, 16)) == 1
        assert services.requests_expire(today=dt.date(2026, 6, 16)) == 0
    request.refresh_from_db()
    assert request.status == Request.Status.EXPIRED
    removal = Task.objects.get(key=f"request:{request.pk}:mailbox-remove")
    assert removal.owner_role.key == RoleKey.IT_SERVICE_DESK
    assert removal.due_on == dt.date(2026, 6, 16)
    assert removal.title == f"Remove access: {request.summary}"
