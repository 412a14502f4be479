"""Changing an account's details: a new name is reported, the owner changes only by hand-over."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from staff.tests.factories import UserFactory

from .factories import AccessFactory, AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return AccountFactory(
        active=True, handle="@OPCC_Youth", owner=UserFactory(full_name="Olive Owner")
    )


def url(account):
    return reverse("accounts_registry:account_edit", args=[account.pk])


def details(account, **changes):
    return {
        "handle": account.handle,
        "url": account.url,
        "purpose": account.purpose,
        "team": account.team_id or "",
        "moderator": account.moderator.email,
        "administrator": "",
        "registration_email": account.registration_email,
        **changes,
    }


def test_the_owner_renames_the_account_and_the_accounts_authority_is_told(
    mfa_client, account, authority
):
    response = mfa_client(account.owner).post(url(account), details(account, handle="@OPCC_Young"))

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.handle == "@OPCC_Young"
    assert Notification.objects.filter(recipient=authority, kind="account_changed").exists()


def test_the_form_starts_with_the_account_as_it_is(mfa_client, account):
    html = mfa_client(account.owner).get(url(account)).content.decode()

    assert 'value="@OPCC_Youth"' in html
    assert account.moderator.email in html
    assert 'name="owner"' not in html


def test_a_personal_email_is_refused_and_the_typing_kept(mfa_client, account, comms):
    data = details(account, handle="@Typed_Name", registration_email="youth@hotmail.com")

    response = mfa_client(comms).post(url(account), data)

    assert response.status_code == 400
    assert 'value="@Typed_Name"' in response.content.decode()
    account.refresh_from_db()
    assert account.handle == "@OPCC_Youth"


def test_a_moderator_is_always_needed(mfa_client, account):
    response = mfa_client(account.owner).post(url(account), details(account, moderator=""))

    assert response.status_code == 400
    account.refresh_from_db()
    assert account.moderator_id is not None


def test_a_colleague_with_access_is_sent_back_to_the_account(mfa_client, account):
    colleague = AccessFactory(account=account).person

    response = mfa_client(colleague).post(url(account), details(account, handle="@Mine"))

    assert response.status_code == 302
    assert response["Location"] == account.get_absolute_url()
    account.refresh_from_db()
    assert account.handle == "@OPCC_Youth"


def test_an_outsider_is_told_the_account_does_not_exist(mfa_client, account, person):
    assert mfa_client(person).get(url(account)).status_code == 404


def test_saving_without_a_change_changes_nothing(mfa_client, account):
    client = mfa_client(account.owner)

    response = client.post(url(account), details(account), follow=True)

    assert "Nothing was changed." in response.content.decode()
    assert not AuditEvent.objects.filter(action="social_account.updated").exists()
