"""Deleting an email from a recipient's mailbox: the manager's authority, an IT task,
and a recipient who neither decides nor is written to."""

import datetime as dt

import pytest

from approvals.models import Request, Task
from approvals.types import get_type
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import approve_all, day, form_answers, form_errors, route, submit

pytestmark = pytest.mark.django_db


def data(recipient, **changes):
    values = {
        "recipient": recipient.email,
        "sent_on": day(0),
        "subject": "Budget figures 2026-27",
        "reason": "Sent to the wrong Pat: it holds salary details.",
    }
    return {**values, **changes}


def test_a_complete_form_is_accepted(requester, person):
    answers = form_answers("email_delete", requester, data(person))
    assert answers["recipient"] == person.pk
    assert answers["sent_on"] == "2026-06-01"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sent_on": day(1)}, "sent_on", "The date it was sent cannot be in the future."),
        ({"subject": ""}, "subject", "This field is required."),
        ({"reason": ""}, "reason", "This field is required."),
    ],
)
def test_the_form_says_what_is_wrong(requester, person, changes, field, message):
    assert form_errors("email_delete", requester, data(person, **changes))[field] == [message]


def test_the_sender_cannot_name_their_own_mailbox(requester):
    errors = form_errors("email_delete", requester, data(requester))
    assert errors["recipient"] == ["You cannot choose yourself here."]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("west-midlands-opcc", [("decide", "line_manager", "", True)]),
        ("essex-pfcc", [("decide", "line_manager", "001 §3.3.1", False)]),
        ("durham", [("decide", "line_manager", "", True)]),
    ],
)
def test_the_line_manager_decides(load_preset, holders, requester, person, preset, expected):
    load_preset(preset)
    request = submit("email_delete", requester, data(person))
    assert route(request) == expected
    assert request.steps.get().assignee == requester.line_manager
    assert request.affected == person
    assert request.summary == "Delete “Budget figures 2026-27” from Pat Member's mailbox"


def test_when_the_recipient_is_the_line_manager_the_fallback_decides(
    west_midlands, holders, requester
):
    request = submit("email_delete", requester, data(requester.line_manager))
    step = request.steps.get()
    assert step.fallback is True
    assert step.assignee is None
    assert step.role.key == RoleKey.CHIEF_EXECUTIVE


def test_approval_asks_the_service_desk_to_delete_it_without_telling_the_recipient(
    essex, holders, requester, person
):
    request = approve_all(submit("email_delete", requester, data(person)), [requester.line_manager])
    assert request.status == Request.Status.APPROVED
    task = Task.objects.get(request=request)
    assert task.key == f"request:{request.pk}:delete-email"
    assert task.owner_role.key == RoleKey.IT_SERVICE_DESK
    assert task.due_on == dt.date(2026, 6, 2)
    assert "Its subject line: Budget figures 2026-27" in task.details
    assert f"Sent by: Riley Report ({requester.email})" in task.details
    assert not Notification.objects.filter(recipient=person).exists()
    get_type("email_delete").on_approved(request)
    assert Task.objects.filter(request=request).count() == 1
