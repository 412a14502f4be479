"""The communications team records an account that exists already."""

import pytest
from django.urls import reverse

from accounts_registry.models import Account
from staff.models import OrganisationSettings
from staff.tests.factories import UserFactory

from .factories import AccountFactory

pytestmark = pytest.mark.django_db

ADD = reverse("accounts_registry:account_add")


@pytest.fixture
def answers():
    owner = UserFactory(full_name="Olive Owner")
    moderator = UserFactory(full_name="Mo Moderator")
    return {
        "platform": "twitter",
        "handle": "@OPCC_Youth",
        "url": "https://x.com/OPCC_Youth",
        "purpose": "Reaching young people in Coventry.",
        "owner_kind": "team",
        "owner": owner.email,
        "moderator": moderator.email,
        "registration_email": "youth@opcc.example.org",
        "disclaimer_shown": "on",
    }


def test_the_communications_team_adds_an_account_then_registers_its_credentials(
    mfa_client, comms, answers
):
    response = mfa_client(comms).post(ADD, answers)

    account = Account.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts_registry:account_register", args=[account.pk])
    assert account.handle == "@OPCC_Youth"
    assert account.owner.full_name == "Olive Owner"
    assert account.status == Account.Status.AWAITING_REGISTRATION
    assert account.disclaimer_shown


def test_a_personal_email_is_refused_and_what_was_typed_is_kept(mfa_client, comms, answers):
    answers["registration_email"] = "olive@gmail.com"

    response = mfa_client(comms).post(ADD, answers)

    assert response.status_code == 400
    html = response.content.decode()
    assert "@opcc.example.org" in html and "003 §3.10" in html
    assert 'value="@OPCC_Youth"' in html
    assert "Reaching young people in Coventry." in html
    assert not Account.objects.exists()


def test_a_platform_the_organisation_does_not_allow_for_the_owner_is_refused_with_the_clause(
    mfa_client, comms, answers
):
    settings = OrganisationSettings.objects.get_or_create(pk=1)[0]
    settings.platforms_for_teams = ["twitter", "wordpress"]
    settings.platform_rules_clause = "003 §3.3"
    settings.save()
    answers["platform"] = "facebook"

    response = mfa_client(comms).post(ADD, answers)

    assert response.status_code == 400
    assert "Facebook account for a team" in response.content.decode()
    assert "003 §3.3" in response.content.decode()
    assert not Account.objects.exists()


def test_a_handle_already_on_the_register_for_the_platform_is_refused(mfa_client, comms, answers):
    AccountFactory(handle="@opcc_youth")

    response = mfa_client(comms).post(ADD, answers)

    assert response.status_code == 400
    assert "already on the register" in response.content.decode()
    assert Account.objects.count() == 1


def test_an_empty_form_shows_every_problem(mfa_client, comms):
    response = mfa_client(comms).post(ADD, {})

    assert response.status_code == 400
    assert response.content.decode().count('href="#id_') >= 5
    assert not Account.objects.exists()


def test_anyone_outside_the_communications_team_is_refused(mfa_client, person, answers):
    assert mfa_client(person).post(ADD, answers).status_code == 403
    assert not Account.objects.exists()
