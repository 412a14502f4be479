"""Marking a mailbox request an internal investigation, and lifting the mark."""

import pytest
from django.urls import reverse

from approvals.models import Request
from audit.models import AuditEvent
from kernel.roles import RoleKey

from .factories import mailbox_data, open_step, submit


@pytest.fixture
def mailbox(west_midlands, holders, requester, person):
    return submit("mailbox_access", requester, mailbox_data(requester.line_manager, person))


def _url(request):
    return reverse("approvals:request_investigation", args=[request.pk])


def test_a_decision_maker_marks_it_from_the_decision_page(mailbox, mfa_client, holders, requester):
    step_page = reverse("approvals:step_decide", args=[mailbox.pk, open_step(mailbox).pk])
    client = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE])

    page = client.get(step_page).content.decode()
    response = client.post(
        _url(mailbox), {"action": "mark", "reason": "Conduct case 12.", "next": step_page}
    )

    assert "Mark as an internal investigation" in page
    assert response["Location"] == step_page
    mailbox.refresh_from_db()
    assert (mailbox.internal_investigation, mailbox.investigation_reason) == (
        True,
        "Conduct case 12.",
    )
    assert AuditEvent.objects.filter(action="request.investigation_marked").count() == 1
    assert (
        mfa_client(requester.line_manager)
        .get(reverse("approvals:request_detail", args=[mailbox.pk]))
        .status_code
        == 404
    )


def test_a_reason_is_needed(mailbox, mfa_client, holders):
    response = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).post(
        _url(mailbox), {"action": "mark", "reason": ""}, follow=True
    )

    assert "Give the reason: it is kept in the audit trail." in response.content.decode()
    mailbox.refresh_from_db()
    assert not mailbox.internal_investigation


def test_the_mark_is_lifted_with_a_reason(mailbox, mfa_client, holders):
    client = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE])
    client.post(_url(mailbox), {"action": "mark", "reason": "Conduct case 12."})

    response = client.post(_url(mailbox), {"action": "lift", "reason": "Case closed."}, follow=True)

    assert "The internal investigation mark has been lifted." in response.content.decode()
    mailbox.refresh_from_db()
    assert not mailbox.internal_investigation


@pytest.mark.parametrize("who", ["requester", "auditor", "colleague"])
def test_nobody_else_marks_it(who, mailbox, mfa_client, requester, auditor, person):
    other = {"requester": requester, "auditor": auditor, "colleague": person}[who]

    response = mfa_client(other).post(_url(mailbox), {"action": "mark", "reason": "Because."})

    assert response.status_code in (302, 404)
    mailbox.refresh_from_db()
    assert not mailbox.internal_investigation
    assert mailbox.status == Request.Status.SUBMITTED


def test_an_unsafe_address_to_come_back_to_is_ignored(mailbox, mfa_client, holders):
    response = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).post(
        _url(mailbox), {"action": "mark", "reason": "Case 1.", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("approvals:request_detail", args=[mailbox.pk])


def test_marking_needs_a_recent_second_factor(mailbox, mfa_client, holders):
    response = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE], recently=False).post(
        _url(mailbox), {"action": "mark", "reason": "Case 1."}
    )

    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    mailbox.refresh_from_db()
    assert not mailbox.internal_investigation
