"""An internal investigation: marked with a reason by a decision maker, audited, hidden
from the mailbox holder (no email, not in their lists) until it is lifted."""

import pytest
from django.core.exceptions import ValidationError

from approvals import services
from approvals.authorizers import visible_requests
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification
from staff.tests.factories import UserFactory

from .factories import mailbox_data, open_step, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(manager):
    """The mailbox holder, whose own line manager is someone else."""
    return manager.report


@pytest.fixture
def access(west_midlands, holders, person, holder):
    return submit("mailbox_access", person, mailbox_data(holder, person))


def test_marking_needs_a_reason(access, holders):
    with pytest.raises(ValidationError, match="Give the reason"):
        services.request_mark_investigation(
            request=access, actor=holders[RoleKey.CHIEF_EXECUTIVE], reason="  "
        )


@pytest.mark.parametrize("who", ["requester", "holder", "bystander"])
def test_only_a_decision_maker_marks_it(access, person, holder, role_holder, who):
    actor = {"requester": person, "holder": holder, "bystander": role_holder(RoleKey.SIRO)}[who]
    with pytest.raises(ValidationError, match="Only a decision maker marks this."):
        services.request_mark_investigation(request=access, actor=actor, reason="Misconduct.")


def test_the_holder_is_not_told_of_an_approved_investigation(access, holders, holder):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    services.request_mark_investigation(request=access, actor=chief, reason="Misconduct case 12.")
    services.step_approve(step=open_step(access), actor=chief)
    assert not Notification.objects.filter(recipient=holder).exists()
    assert not visible_requests(holder).filter(pk=access.pk).exists()
    assert not visible_requests(holder.line_manager).filter(pk=access.pk).exists()
    event = AuditEvent.objects.get(action="request.investigation_marked")
    assert (event.actor, event.details["reason"]) == (chief, "Misconduct case 12.")


def test_without_the_mark_the_holder_is_told_and_sees_it(access, holders, holder):
    services.step_approve(step=open_step(access), actor=holders[RoleKey.CHIEF_EXECUTIVE])
    told = Notification.objects.get(recipient=holder)
    assert told.kind == "request_affected_told"
    assert visible_requests(holder).filter(pk=access.pk).exists()


def test_lifting_the_mark_shows_it_to_the_holder_again(access, holders, holder):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    services.request_mark_investigation(request=access, actor=chief, reason="Misconduct.")
    services.step_approve(step=open_step(access), actor=chief)
    with pytest.raises(ValidationError, match="Give the reason for lifting"):
        services.request_lift_investigation(request=access, actor=chief, reason="")
    services.request_lift_investigation(request=access, actor=chief, reason="Case closed.")
    access.refresh_from_db()
    assert access.internal_investigation is False
    assert visible_requests(holder).filter(pk=access.pk).exists()
    event = AuditEvent.objects.get(action="request.investigation_lifted")
    assert (event.actor, event.details["reason"]) == (chief, "Case closed.")


def test_a_request_affecting_nobody_else_cannot_be_marked(west_midlands, holders, requester):
    data = {
        "software": "Audacity",
        "source": "https://www.audacityteam.org",
        "reason": "Editing the podcast recordings.",
        "device": "Laptop",
    }
    request = submit("software_permission", requester, data)
    with pytest.raises(ValidationError, match="affects nobody else"):
        services.request_mark_investigation(
            request=request, actor=holders[RoleKey.CHIEF_EXECUTIVE], reason="Misconduct."
        )


def test_the_holders_manager_still_decides_an_investigation_given_to_them(
    west_midlands, holders, manager
):
    # Two people with the same manager: deleting an email one sent to the other is the
    # manager's decision in the West Midlands preset, so the manager must see it.
    sender, recipient = manager.report, UserFactory(line_manager=manager)
    request = submit(
        "email_delete",
        sender,
        {
            "recipient": recipient.email,
            "sent_on": "2026-05-29",
            "subject": "Wrong attachment",
            "reason": "It holds someone else's details.",
        },
    )
    assert open_step(request).assignee == manager
    services.request_mark_investigation(request=request, actor=manager, reason="Conduct case")

    assert request in visible_requests(manager)
    assert request not in visible_requests(recipient)
