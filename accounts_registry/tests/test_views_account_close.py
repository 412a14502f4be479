"""Closing an account, with a reason; closing it twice changes nothing."""

import pytest
from django.urls import reverse

from accounts_registry.models import Account
from audit.models import AuditEvent

from .factories import AccessFactory, AccountFactory, HandoverFactory

pytestmark = pytest.mark.django_db


def close(client, account, reason="The team has merged with the press office."):
    return client.post(
        reverse("accounts_registry:account_close", args=[account.pk]), {"reason": reason}
    )


def test_the_owner_closes_the_account_and_a_pending_hand_over_is_withdrawn(mfa_client):
    account = AccountFactory(active=True)
    handover = HandoverFactory(account=account)

    response = close(mfa_client(account.owner), account)

    assert response.status_code == 302
    account.refresh_from_db()
    handover.refresh_from_db()
    assert account.status == Account.Status.CLOSED
    assert account.closed_reason == "The team has merged with the press office."
    assert handover.cancelled_at is not None


def test_a_reason_is_needed(mfa_client):
    account = AccountFactory(active=True)

    response = close(mfa_client(account.owner), account, reason="")

    assert response.status_code == 400
    assert "Say why the account is being closed." in response.content.decode()
    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE


def test_closing_twice_says_so_and_changes_nothing(mfa_client, comms):
    account = AccountFactory(active=True)
    client = mfa_client(comms)
    close(client, account)

    response = close(client, account, reason="Again")

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.closed_reason == "The team has merged with the press office."
    assert AuditEvent.objects.filter(action="social_account.closed").count() == 1
    page = client.get(response["Location"])
    assert "This account is closed" in page.content.decode()


def test_a_colleague_cannot_close_it(mfa_client):
    account = AccountFactory(active=True)
    colleague = AccessFactory(account=account).person

    close(mfa_client(colleague), account)

    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE
