"""Registering an account's credentials, and changing them. What is typed is never drawn back."""

import pytest
from django.urls import reverse

from accounts_registry import services
from accounts_registry.models import Account
from accounts_registry.vault import vault_read

from .factories import CREDENTIALS, AccessFactory, AccountFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-Long-Passphrase-2026"


def register_url(account):
    return reverse("accounts_registry:account_register", args=[account.pk])


def change_url(account):
    return reverse("accounts_registry:credentials_change", args=[account.pk])


def typed(**changes):
    return {**CREDENTIALS, "password_again": CREDENTIALS["password"], **changes}


def test_the_communications_team_registers_an_account_awaiting_registration(mfa_client, comms):
    account = AccountFactory()

    response = mfa_client(comms).post(register_url(account), typed())

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE
    assert vault_read(account.secrets.current().get(field="password")) == CREDENTIALS["password"]


def test_two_different_passwords_are_refused_and_nothing_typed_is_drawn_back(mfa_client, comms):
    account = AccountFactory()

    response = mfa_client(comms).post(register_url(account), typed(password_again="Something-else"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "The two passwords are not the same." in html
    for value in CREDENTIALS.values():
        assert value not in html
    assert "Something-else" not in html
    assert account.secrets.count() == 0


def test_a_registered_account_goes_to_the_change_form(mfa_client):
    account = AccountFactory(active=True)

    response = mfa_client(account.owner).get(register_url(account))

    assert response["Location"] == change_url(account)


def test_the_owner_registers_a_new_password_and_the_flag_clears(mfa_client):
    account = AccountFactory()
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)
    services.access_remove(access=AccessFactory(account=account), actor=account.owner)

    response = mfa_client(account.owner).post(
        change_url(account), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.password_change_required
    assert vault_read(account.secrets.current().get(field="password")) == NEW_PASSWORD
    assert account.secrets.filter(field="password").count() == 2


def test_a_change_with_nothing_typed_changes_nothing(mfa_client):
    account = AccountFactory()
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)

    response = mfa_client(account.owner).post(change_url(account), {})

    assert response.status_code == 400
    assert "Type at least one new credential" in response.content.decode()
    assert account.secrets.count() == len(CREDENTIALS)


def test_a_colleague_with_access_cannot_change_the_credentials(mfa_client):
    account = AccountFactory()
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)
    colleague = AccessFactory(account=account).person

    response = mfa_client(colleague).post(
        change_url(account), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert account.secrets.filter(field="password").count() == 1


def test_an_outsider_is_told_the_account_does_not_exist(mfa_client, person):
    account = AccountFactory()

    assert mfa_client(person).post(register_url(account), typed()).status_code == 404
    assert account.secrets.count() == 0
