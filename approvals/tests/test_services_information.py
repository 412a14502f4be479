"""More information needed: the question goes to the requester, who answers and sends the
request back to the same step with a fresh due date."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from approvals import services
from approvals.models import Comment, Request
from approvals.types import answers_of, get_type
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import form_answers, mailbox_data, open_step, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(west_midlands, holders, requester, manager, person):
    request = submit("mailbox_access", requester, mailbox_data(manager, person))
    return services.request_ask_for_information(
        step=open_step(request),
        actor=holders[RoleKey.CHIEF_EXECUTIVE],
        question="Why does forwarding need two weeks?",
    )


def test_asking_sends_the_request_back_to_the_requester(asked, requester):
    assert asked.status == Request.Status.MORE_INFORMATION
    assert asked.information_requested == "Why does forwarding need two weeks?"
    told = Notification.objects.get(kind="request_information_requested")
    assert told.recipient == requester
    assert "Why does forwarding need two weeks?" in told.body_text


def test_a_question_cannot_be_empty(west_midlands, holders, requester, manager, person):
    request = submit("mailbox_access", requester, mailbox_data(manager, person))
    with pytest.raises(ValidationError, match="Say what you need to know"):
        services.request_ask_for_information(
            step=open_step(request), actor=holders[RoleKey.CHIEF_EXECUTIVE], question=" "
        )


def test_nobody_decides_while_the_requester_is_asked(asked, holders):
    with pytest.raises(ValidationError, match="has been dealt with already"):
        services.step_approve(step=open_step(asked), actor=holders[RoleKey.CHIEF_EXECUTIVE])


def test_the_answer_sends_it_back_with_a_comment_and_a_fresh_due_date(
    asked, holders, requester, manager, person
):
    step = open_step(asked)
    assert step.due_on == dt.date(2026, 6, 8)
    answers = form_answers(
        "mailbox_access", requester, mailbox_data(manager, person, ends_on="2026-06-10")
    )
    with time_machine.travel(dt.datetime(2026, 6, 4, 9, tzinfo=dt.UTC), tick=False):
        request = services.request_resubmit(
            request=asked, actor=requester, answers=answers, reply="Only until the 10th now."
        )
    assert request.status == Request.Status.SUBMITTED
    assert request.information_requested == ""
    assert request.ends_on == dt.date(2026, 6, 10)
    comment = Comment.objects.get(request=request)
    assert (comment.author, comment.body, comment.internal) == (
        requester,
        "Only until the 10th now.",
        False,
    )
    step.refresh_from_db()
    # Five working days after Thursday 4 June 2026.
    assert step.due_on == dt.date(2026, 6, 11)
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    assert (
        Notification.objects.filter(
            recipient=chief, kind="request_step_opened", idempotency_key__contains="resubmitted"
        ).count()
        == 1
    )
    services.step_approve(step=step, actor=chief)


def test_the_answer_is_required(asked, requester):
    with pytest.raises(ValidationError, match="Answer the question"):
        services.request_resubmit(request=asked, actor=requester, answers=asked.answers, reply="  ")


def test_only_the_requester_answers(asked, person):
    with pytest.raises(ValidationError, match="Only the requester answers."):
        services.request_resubmit(request=asked, actor=person, answers=asked.answers, reply="Hi")


def test_the_kind_of_mailbox_access_cannot_change_on_the_way_back(
    asked, requester, manager, person
):
    form = get_type("mailbox_access").make_form(
        mailbox_data(manager, person, access="forwarding"), requester=requester
    )
    assert form.is_valid()
    with pytest.raises(ValidationError, match="That change needs a different decision"):
        services.request_resubmit(
            request=asked, actor=requester, answers=answers_of(form), reply="Forwarding instead."
        )
    asked.refresh_from_db()
    assert asked.status == Request.Status.MORE_INFORMATION
    assert asked.answers["access"] == "auto_forward"
