"""Handing an account over: offered by its owner, accepted or declined by the new owner."""

import pytest
from django.urls import reverse

from accounts_registry.models import Handover
from staff.tests.factories import UserFactory

from .factories import AccessFactory, AccountFactory, HandoverFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return AccountFactory(active=True, owner=UserFactory(full_name="Olive Owner"))


@pytest.fixture
def newcomer():
    return UserFactory(full_name="Nia Newcomer")


def respond(client, handover, decision):
    return client.post(
        reverse("accounts_registry:handover_respond", args=[handover.pk]), {"decision": decision}
    )


def test_the_owner_offers_the_account_and_the_page_says_it_stays_official(
    mfa_client, account, newcomer
):
    client = mfa_client(account.owner)
    url = reverse("accounts_registry:handover_offer", args=[account.pk])

    assert "nobody can turn it into a personal account" in client.get(url).content.decode()
    response = client.post(url, {"to_owner": newcomer.email, "note": "Over to you"})

    assert response.status_code == 302
    handover = Handover.objects.get()
    assert handover.to_owner == newcomer
    assert handover.note == "Over to you"


def test_the_owner_cannot_offer_the_account_to_themselves(mfa_client, account):
    response = mfa_client(account.owner).post(
        reverse("accounts_registry:handover_offer", args=[account.pk]),
        {"to_owner": account.owner.email},
    )

    assert response.status_code == 400
    assert not Handover.objects.exists()


def test_the_new_owner_accepts_and_the_password_must_change(mfa_client, account, newcomer):
    handover = HandoverFactory(account=account, to_owner=newcomer)
    client = mfa_client(newcomer)

    page = client.get(reverse("accounts_registry:handover_respond", args=[handover.pk]))
    response = respond(client, handover, "accept")

    assert "Will you take this account on?" in page.content.decode()
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.owner == newcomer
    assert account.password_change_required


def test_the_new_owner_declines_and_the_owner_keeps_the_account(mfa_client, account, newcomer):
    handover = HandoverFactory(account=account, to_owner=newcomer)

    response = respond(mfa_client(newcomer), handover, "decline")

    assert response["Location"] == reverse("accounts_registry:my_accounts")
    handover.refresh_from_db()
    account.refresh_from_db()
    assert handover.declined_at is not None
    assert account.owner.full_name == "Olive Owner"


def test_the_owner_withdraws_the_offer_but_cannot_accept_it(mfa_client, account, newcomer):
    handover = HandoverFactory(account=account, to_owner=newcomer)
    client = mfa_client(account.owner)

    refused = respond(client, handover, "accept")
    withdrawn = respond(client, handover, "cancel")

    assert refused.status_code == 400
    assert withdrawn.status_code == 302
    handover.refresh_from_db()
    assert handover.cancelled_at is not None
    assert handover.accepted_at is None


def test_an_answered_offer_cannot_be_answered_again(mfa_client, account, newcomer):
    handover = HandoverFactory(account=account, to_owner=newcomer)
    client = mfa_client(newcomer)
    respond(client, handover, "accept")

    response = respond(client, handover, "decline")

    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.declined_at is None


def test_a_colleague_cannot_see_the_offer(mfa_client, account, newcomer):
    handover = HandoverFactory(account=account, to_owner=newcomer)
    colleague = AccessFactory(account=account).person

    response = respond(mfa_client(colleague), handover, "accept")

    assert response.status_code == 404
    account.refresh_from_db()
    assert account.owner.full_name == "Olive Owner"
