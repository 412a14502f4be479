"""My accounts: the accounts a person owns, looks after or can sign in to, and offers to answer."""

import pytest
from django.urls import reverse

from staff.tests.factories import UserFactory

from .factories import AccessFactory, AccountFactory, HandoverFactory

pytestmark = pytest.mark.django_db

MINE = reverse("accounts_registry:my_accounts")


def test_a_person_sees_the_accounts_they_own_moderate_or_can_sign_in_to(mfa_client, person):
    AccountFactory(handle="@Owned", owner=person)
    AccountFactory(handle="@Moderated", moderator=person)
    AccessFactory(account=AccountFactory(handle="@Shared", active=True), person=person)
    AccountFactory(handle="@Closed", owner=person, status="closed")
    AccountFactory(handle="@Someone_Elses")

    html = mfa_client(person).get(MINE).content.decode()

    assert "@Owned" in html and "@Moderated" in html and "@Shared" in html
    assert "@Closed" not in html
    assert "@Someone_Elses" not in html
    assert reverse("accounts_registry:account_list") not in html


def test_an_account_offered_to_the_person_is_listed_to_answer(mfa_client, person):
    handover = HandoverFactory(
        account=AccountFactory(handle="@Offered", active=True), to_owner=person
    )

    html = mfa_client(person).get(MINE).content.decode()

    assert "Accounts offered to you" in html
    assert reverse("accounts_registry:handover_respond", args=[handover.pk]) in html


def test_the_communications_team_has_a_tab_to_the_register(mfa_client, comms):
    html = mfa_client(comms).get(MINE).content.decode()

    assert reverse("accounts_registry:account_list") in html


def test_someone_with_no_account_is_told_so(mfa_client):
    html = mfa_client(UserFactory()).get(MINE).content.decode()

    assert "You have no corporate social-media accounts." in html
