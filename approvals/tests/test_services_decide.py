"""Approving and refusing: a refusal needs its reason and ends the request at once; every
decision leaves a record; a request is withdrawn only before it is decided."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from approvals import services
from approvals.models import Request, Step
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification
from records.models import Record

from .factories import open_step, submit

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "owner_kind": "organisation",
    "platform": "instagram",
    "name": "@OPCC_Youth",
    "purpose": "Reach young people with the youth commission's work.",
    "audience": "Young people across the region",
    "email": "youth@opcc.example.org",
    "guidance_read": "on",
}


@pytest.fixture
def account(west_midlands, holders, requester, person):
    data = {**ACCOUNT, "moderator": person.email, "team": requester.team_id}
    return submit("social_account", requester, data)


def decision_records(request):
    return Record.objects.filter(
        kind="decision",
        content_type=ContentType.objects.get_for_model(Request),
        object_id=str(request.pk),
    )


def test_a_refusal_needs_a_reason(account, requester):
    with pytest.raises(ValidationError, match="Give the reason for refusing"):
        services.step_refuse(step=open_step(account), actor=requester.line_manager, reason=" ")
    assert open_step(account).status == Step.Status.OPEN


def test_a_refusal_ends_the_request_and_cancels_the_other_steps(account, requester):
    manager = requester.line_manager
    services.step_refuse(step=open_step(account), actor=manager, reason="No policing purpose.")
    account.refresh_from_db()
    assert account.status == Request.Status.REFUSED
    assert account.closed_at is not None
    first, second = account.steps.order_by("order")
    assert (first.status, first.note, first.decided_by) == (
        Step.Status.REFUSED,
        "No policing purpose.",
        manager,
    )
    assert second.status == Step.Status.CANCELLED
    record = decision_records(account).get()
    assert record.evidence["request"]["outcome"] == "Refused"
    assert account.record == record
    assert Notification.objects.filter(recipient=requester, kind="request_decided").count() == 1
    event = AuditEvent.objects.get(action="request.refused")
    assert (event.actor, event.details["note"]) == (manager, "No policing purpose.")


def test_approval_by_every_step_makes_one_record(account, holders, requester):
    services.step_approve(step=open_step(account), actor=requester.line_manager)
    account.refresh_from_db()
    assert account.status == Request.Status.SUBMITTED
    assert not decision_records(account).exists()
    services.step_approve(step=open_step(account), actor=holders[RoleKey.CHIEF_EXECUTIVE])
    account.refresh_from_db()
    assert account.status == Request.Status.APPROVED
    record = decision_records(account).get()
    assert record.subject == requester
    assert [step["clause"] for step in record.evidence["steps"]] == ["", "000 App. A §17"]
    assert [step["review_needed"] for step in record.evidence["steps"]] == [True, False]


def test_a_decided_step_cannot_be_decided_again(account, requester):
    step = open_step(account)
    services.step_approve(step=step, actor=requester.line_manager)
    with pytest.raises(ValidationError, match="has been dealt with already"):
        services.step_refuse(step=step, actor=requester.line_manager, reason="Changed my mind.")


def test_the_requester_withdraws_before_the_decision(account, requester):
    services.request_withdraw(request=account, actor=requester)
    account.refresh_from_db()
    assert account.status == Request.Status.WITHDRAWN
    assert set(account.steps.values_list("status", flat=True)) == {Step.Status.CANCELLED}


def test_a_decided_request_cannot_be_withdrawn(account, requester):
    services.step_refuse(step=open_step(account), actor=requester.line_manager, reason="No.")
    with pytest.raises(ValidationError, match="can no longer be withdrawn"):
        services.request_withdraw(request=account, actor=requester)
