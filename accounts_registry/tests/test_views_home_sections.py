"""The register's sections of 'My tasks'."""

import datetime as dt

import pytest
from django.urls import reverse

from .conftest import TODAY
from .factories import AccountFactory, HandoverFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_the_communications_team_sees_what_needs_attention_with_counts(mfa_client, comms):
    AccountFactory.create_batch(2)
    AccountFactory(active=True, at_risk=True, password_change_required=True)
    AccountFactory(active=True, review_due_on=TODAY - dt.timedelta(days=1))

    html = mfa_client(comms).get(HOME).content.decode()

    assert "Social-media accounts needing attention" in html
    assert "2 accounts awaiting registration" in html
    assert "1 account with a password change required" in html
    assert "1 account at risk" in html
    assert "1 account with the annual review overdue" in html
    assert "flag=review_overdue" in html


def test_the_section_is_only_for_the_communications_team(mfa_client, person):
    AccountFactory()

    html = mfa_client(person).get(HOME).content.decode()

    assert "Social-media accounts needing attention" not in html


def test_an_owner_sees_what_they_have_to_do(mfa_client, person):
    AccountFactory(handle="@Waiting", owner=person)
    AccountFactory(handle="@Flagged", owner=person, active=True, password_change_required=True)
    AccountFactory(handle="@Review", owner=person, active=True, review_due_on=TODAY)
    AccountFactory(handle="@Fine", owner=person, active=True)
    HandoverFactory(account=AccountFactory(handle="@Offered", active=True), to_owner=person)

    html = mfa_client(person).get(HOME).content.decode()

    assert "Register the credentials of @Waiting" in html
    assert "Change the password of @Flagged" in html
    assert "Confirm the annual review of @Review" in html
    assert "Answer the offer of @Offered" in html
    assert "@Fine" not in html


def test_nothing_is_shown_to_someone_with_nothing_to_do(mfa_client, person):
    html = mfa_client(person).get(HOME).content.decode()

    assert "My social-media accounts" not in html
