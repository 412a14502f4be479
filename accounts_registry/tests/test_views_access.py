"""Who can sign in to an account: giving access, and removing it (the password must change)."""

import pytest
from django.urls import reverse

from accounts_registry.models import Access
from staff.tests.factories import UserFactory

from .factories import AccessFactory, AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return AccountFactory(active=True)


def test_the_owner_gives_a_colleague_access(mfa_client, account):
    colleague = UserFactory(full_name="Colin Colleague")

    response = mfa_client(account.owner).post(
        reverse("accounts_registry:access_grant", args=[account.pk]), {"person": colleague.email}
    )

    assert response.status_code == 302
    access = Access.objects.get()
    assert access.person == colleague
    assert access.granted_by == account.owner


def test_an_unknown_person_is_refused_and_the_typing_kept(mfa_client, account):
    response = mfa_client(account.owner).post(
        reverse("accounts_registry:access_grant", args=[account.pk]),
        {"person": "nobody@opcc.example.org"},
    )

    assert response.status_code == 400
    assert 'value="nobody@opcc.example.org"' in response.content.decode()
    assert not Access.objects.exists()


def test_giving_access_twice_is_a_clear_error(mfa_client, account):
    access = AccessFactory(account=account)

    response = mfa_client(account.owner).post(
        reverse("accounts_registry:access_grant", args=[account.pk]),
        {"person": access.person.email},
    )

    assert response.status_code == 400
    assert "has access already" in response.content.decode()


def test_removing_access_raises_password_change_required(mfa_client, account, comms):
    access = AccessFactory(account=account, person=UserFactory(full_name="Colin Colleague"))

    response = mfa_client(comms).post(
        reverse("accounts_registry:access_remove", args=[account.pk, access.pk]),
        {"reason": "Moved to another team"},
    )

    assert response.status_code == 302
    access.refresh_from_db()
    account.refresh_from_db()
    assert access.removed_at is not None
    assert access.removed_reason == "Moved to another team"
    assert account.password_change_required
    assert "Colin Colleague" in account.password_change_reason


def test_the_removal_page_names_the_person_and_what_follows(mfa_client, account):
    access = AccessFactory(account=account, person=UserFactory(full_name="Colin Colleague"))

    response = mfa_client(account.owner).get(
        reverse("accounts_registry:access_remove", args=[account.pk, access.pk])
    )

    assert "Remove Colin Colleague's access" in response.content.decode()
    assert "password change required" in response.content.decode()


def test_a_colleague_cannot_remove_someone_elses_access(mfa_client, account):
    access = AccessFactory(account=account)
    colleague = AccessFactory(account=account).person

    mfa_client(colleague).post(
        reverse("accounts_registry:access_remove", args=[account.pk, access.pk])
    )

    access.refresh_from_db()
    assert access.removed_at is None


def test_an_access_of_another_account_is_not_found(mfa_client, account):
    other = AccessFactory()

    response = mfa_client(account.owner).post(
        reverse("accounts_registry:access_remove", args=[account.pk, other.pk])
    )

    assert response.status_code == 404
