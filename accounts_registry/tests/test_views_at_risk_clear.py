"""The communications team marks an account at risk as safe again."""

import pytest
from django.urls import reverse

from accounts_registry import services

from .factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    account = AccountFactory(active=True)
    services.mark_password_change_required(
        accounts=[account], reason="Phone lost on the train", at_risk=True
    )
    account.refresh_from_db()
    return account


def url(account):
    return reverse("accounts_registry:at_risk_clear", args=[account.pk])


def test_the_communications_team_clears_the_flag_with_a_note(mfa_client, account, comms):
    client = mfa_client(comms)

    page = client.get(url(account)).content.decode()
    response = client.post(url(account), {"note": "Sessions signed out on every device."})

    assert "Phone lost on the train" in page
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.at_risk
    assert account.password_change_required


def test_a_note_is_needed(mfa_client, account, comms):
    response = mfa_client(comms).post(url(account), {"note": ""})

    assert response.status_code == 400
    account.refresh_from_db()
    assert account.at_risk


def test_the_owner_cannot_clear_it(mfa_client, account):
    response = mfa_client(account.owner).post(url(account), {"note": "Fine now"})

    assert response.status_code == 403
    account.refresh_from_db()
    assert account.at_risk
