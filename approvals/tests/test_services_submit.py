"""Sending a request: steps copied from the matrix, the first opened with a due date in
working days, the people who act on it told once the transaction commits."""

import datetime as dt

import holidays
import pytest
import time_machine
from django.core.exceptions import ValidationError

from approvals import services
from approvals.models import Request, Step
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification
from records.models import Record
from staff.models import AuthorityRule

from .factories import form_answers, mailbox_data, submit

pytestmark = pytest.mark.django_db

SOFTWARE = {
    "software": "Audacity 3.6",
    "source": "https://www.audacityteam.org",
    "reason": "Editing the youth panel's podcast recordings.",
    "device": "Laptop WM-L-0042",
}


def test_the_first_step_is_due_five_working_days_later_skipping_bank_holidays(
    west_midlands, holders, requester
):
    england = holidays.country_holidays("GB", subdiv="ENG", years=[2026, 2027])
    # Christmas falls on a Friday; Boxing Day on a Saturday, so its holiday is Monday 28th.
    assert dt.date(2026, 12, 25) in england
    assert dt.date(2026, 12, 28) in england
    assert dt.date(2027, 1, 1) in england
    with time_machine.travel(dt.datetime(2026, 12, 24, 10, tzinfo=dt.UTC), tick=False):
        request = submit("software_permission", requester, SOFTWARE)
    step = request.steps.get()
    assert step.status == Step.Status.OPEN
    # Tue 29, Wed 30, Thu 31 December, then Mon 4 and Tue 5 January.
    assert step.due_on == dt.date(2027, 1, 5)


def test_the_deciders_are_told_once_the_request_is_sent(
    west_midlands, holders, requester, mailoutbox, django_capture_on_commit_callbacks
):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    with django_capture_on_commit_callbacks(execute=True):
        request = submit("software_permission", requester, SOFTWARE)
    step = request.steps.get()
    told = Notification.objects.get(kind="request_step_opened")
    assert told.recipient == chief
    assert told.idempotency_key == f"request-step:{step.pk}:opened:{chief.pk}"
    assert [message.to for message in mailoutbox] == [[chief.email]]
    assert request.reference in mailoutbox[0].subject + mailoutbox[0].body


def test_nothing_is_emailed_if_the_transaction_does_not_commit(
    west_midlands, holders, requester, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit("software_permission", requester, SOFTWARE)
    assert callbacks
    assert mailoutbox == []


def test_submission_copies_the_route_and_is_audited(west_midlands, holders, requester):
    request = submit("software_permission", requester, SOFTWARE)
    assert request.status == Request.Status.SUBMITTED
    assert request.decision_key == "software.permission"
    assert request.submitted_at is not None
    event = AuditEvent.objects.get(action="request.submitted")
    assert event.actor == requester
    assert event.details["decision"] == "software.permission"


def test_only_the_requester_sends_a_draft_and_only_once(west_midlands, holders, requester, person):
    draft = services.request_draft_save(
        requester=requester,
        type_key="software_permission",
        answers=form_answers("software_permission", requester, SOFTWARE),
    )
    with pytest.raises(ValidationError, match="Only the requester sends a request."):
        services.request_submit(request=draft, actor=person)
    services.request_submit(request=draft, actor=requester)
    with pytest.raises(ValidationError, match="This request has been sent already."):
        services.request_submit(request=draft, actor=requester)


def test_a_decision_missing_from_the_matrix_is_refused_with_a_clear_message(
    west_midlands, requester
):
    AuthorityRule.objects.filter(decision_key="software.permission").delete()
    with pytest.raises(ValidationError, match="an administrator must add it to the authority"):
        submit("software_permission", requester, SOFTWARE)


def test_an_out_of_office_message_is_approved_at_submission_with_a_record(west_midlands, requester):
    data = mailbox_data(requester, None, access="out_of_office", ends_on="")
    request = submit("mailbox_access", requester, data)
    assert request.status == Request.Status.APPROVED
    assert not request.steps.exists()
    record = Record.objects.get(kind="decision")
    assert record.object_id == str(request.pk)
    assert record.subject == requester
    assert record.evidence["decision"]["self_authorised"] is True
    assert AuditEvent.objects.filter(
        action="request.approved", details__self_authorised=True
    ).exists()
