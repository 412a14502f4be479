"""The requester withdraws a request nobody has decided, after confirming."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.models import Request, Step
from kernel.roles import RoleKey

from .factories import open_step


def _url(request):
    return reverse("approvals:request_withdraw", args=[request.pk])


def test_asks_first_then_withdraws(software, mfa_client, requester):
    client = mfa_client(requester)

    page = client.get(_url(software)).content.decode()
    response = client.post(_url(software), follow=True)

    assert "Withdraw this request?" in page
    assert f"Your request {software.reference} has been withdrawn." in response.content.decode()
    software.refresh_from_db()
    assert software.status == Request.Status.WITHDRAWN
    assert software.steps.get().status == Step.Status.CANCELLED


def test_a_decided_request_cannot_be_withdrawn(software, mfa_client, requester, holders):
    services.step_approve(step=open_step(software), actor=holders[RoleKey.CHIEF_EXECUTIVE])
    client = mfa_client(requester)

    page = client.get(_url(software), follow=True).content.decode()
    response = client.post(_url(software), follow=True)

    assert "can no longer be withdrawn" in page
    assert "can no longer be withdrawn" in response.content.decode()
    software.refresh_from_db()
    assert software.status == Request.Status.APPROVED


@pytest.mark.parametrize("who", ["decision maker", "colleague"])
def test_only_the_requester_withdraws(who, software, mfa_client, holders, person):
    other = holders[RoleKey.CHIEF_EXECUTIVE] if who == "decision maker" else person

    assert mfa_client(other).post(_url(software)).status_code == 404
    software.refresh_from_db()
    assert software.status == Request.Status.SUBMITTED
