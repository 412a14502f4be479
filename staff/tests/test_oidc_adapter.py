"""Single sign-on (OpenID Connect) lets current staff in by their work email and creates nobody."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal.flows.login import complete_login, pre_social_login
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from audit.models import AuditEvent
from staff.models import User
from staff.tests.factories import TEST_PASSWORD, UserFactory

SERVER = "https://login.opcc.example.org"


SINGLE_SIGN_ON = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "organisation",
                "name": "OPCC single sign-on",
                "client_id": "portal",
                "secret": "not-used-here",
                "settings": {"server_url": SERVER},
            }
        ]
    }
}


@pytest.fixture(autouse=True)
def single_sign_on(settings):
    settings.SOCIALACCOUNT_PROVIDERS = SINGLE_SIGN_ON


@pytest.fixture
def request_(db):
    request = RequestFactory().get("/accounts/oidc/organisation/login/callback/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    with context.request_context(request):
        yield request


def sociallogin_for(request, email, *, sub="f2a1c0de-0001", verified=True):
    """The SocialLogin allauth builds from the identity provider's answer at the callback.

    ``verified=None`` leaves out the ``email_verified`` claim, as Entra ID does.
    """
    provider = get_adapter().get_provider(request, "organisation")
    claims = {"sub": sub, "email": email, "name": "Someone"}
    if verified is not None:
        claims["email_verified"] = verified
    return provider.sociallogin_from_response(request, {"userinfo": claims, "id_token": claims})


def refused(request, sociallogin):
    users_before = User.objects.count()
    with pytest.raises(ImmediateHttpResponse) as refusal:
        pre_social_login(request, sociallogin)
    assert refusal.value.response.status_code == 302
    assert refusal.value.response.url == "/accounts/login/"
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    [message] = get_messages(request)
    assert "only for current staff" in str(message)
    return AuditEvent.objects.filter(action="auth.sso_refused").get()


def test_connects_the_sign_in_to_the_member_of_staff_with_that_email(request_, person):
    sociallogin = sociallogin_for(request_, person.email.upper())

    pre_social_login(request_, sociallogin)

    assert sociallogin.is_existing
    assert sociallogin.user == person
    account = SocialAccount.objects.get()
    assert (account.user, account.provider, account.uid) == (
        person,
        "organisation",
        "f2a1c0de-0001",
    )


def test_signs_the_person_in_and_keeps_their_password(request_, person):
    sociallogin = sociallogin_for(request_, person.email)
    sociallogin.state = {"process": "login"}

    response = complete_login(request_, sociallogin)

    assert response.status_code == 302
    assert request_.user == person
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)


def test_a_second_sign_in_uses_the_connected_account(request_, person):
    pre_social_login(request_, sociallogin_for(request_, person.email))

    again = sociallogin_for(request_, person.email)
    pre_social_login(request_, again)

    assert again.user == person
    assert SocialAccount.objects.count() == 1


def test_refuses_an_unknown_email_and_creates_nobody(request_, person):
    event = refused(request_, sociallogin_for(request_, "stranger@opcc.example.org"))

    assert event.details["reason"] == "no current staff with this address"
    assert event.details["email"] == "stranger@opcc.example.org"


def test_refuses_another_domain_even_for_a_known_local_part(request_, person):
    local_part = person.email.split("@")[0]

    event = refused(request_, sociallogin_for(request_, f"{local_part}@gmail.com"))

    assert event.details["reason"] == "another email domain"


def test_refuses_an_existing_account_on_another_domain(request_):
    contractor = UserFactory(email="contractor@supplier.example.com")

    refused(request_, sociallogin_for(request_, contractor.email))


def test_refuses_a_deactivated_person(request_):
    leaver = UserFactory(is_active=False)

    refused(request_, sociallogin_for(request_, leaver.email))


def test_refuses_a_person_past_their_leaving_date(request_):
    leaver = UserFactory(leaving_date=dt.date(2021, 3, 31))

    refused(request_, sociallogin_for(request_, leaver.email))


def test_refuses_a_connected_account_once_the_person_is_deactivated(request_, person):
    pre_social_login(request_, sociallogin_for(request_, person.email))
    list(get_messages(request_))
    User.objects.filter(pk=person.pk).update(is_active=False)

    with pytest.raises(ImmediateHttpResponse):
        pre_social_login(request_, sociallogin_for(request_, person.email))

    assert AuditEvent.objects.filter(action="auth.sso_refused").exists()


def test_refuses_an_email_the_provider_has_not_verified(request_, person):
    event = refused(request_, sociallogin_for(request_, person.email, verified=False))

    assert event.details["reason"] == "email not verified by the provider"


def test_refuses_an_email_without_the_verified_claim_by_default(request_, person):
    event = refused(request_, sociallogin_for(request_, person.email, verified=None))

    assert event.details["reason"] == "email not verified by the provider"


def test_accepts_an_email_without_the_verified_claim_if_the_organisation_trusts_it(
    request_, person, settings
):
    settings.OIDC_TRUST_UNVERIFIED_EMAIL = True
    sociallogin = sociallogin_for(request_, person.email, verified=None)

    pre_social_login(request_, sociallogin)

    assert sociallogin.user == person


def test_trusting_the_provider_does_not_accept_an_email_it_says_is_not_verified(
    request_, person, settings
):
    settings.OIDC_TRUST_UNVERIFIED_EMAIL = True

    refused(request_, sociallogin_for(request_, person.email, verified=False))


def test_refuses_a_second_provider_account_for_someone_already_connected(request_, person):
    pre_social_login(request_, sociallogin_for(request_, person.email, sub="first-subject"))
    list(get_messages(request_))

    with pytest.raises(ImmediateHttpResponse):
        pre_social_login(request_, sociallogin_for(request_, person.email, sub="another-subject"))

    assert SocialAccount.objects.get().uid == "first-subject"
    event = AuditEvent.objects.get(action="auth.sso_refused")
    assert event.details["reason"] == "already connected to another single sign-on account"


def test_refuses_a_connected_account_whose_email_changed_to_a_colleagues(request_, person):
    colleague = UserFactory(email="colleague@opcc.example.org")
    pre_social_login(request_, sociallogin_for(request_, person.email))
    list(get_messages(request_))

    with pytest.raises(ImmediateHttpResponse):
        pre_social_login(request_, sociallogin_for(request_, colleague.email))

    assert User.objects.get(pk=person.pk).email == person.email
    event = AuditEvent.objects.get(action="auth.sso_refused")
    assert event.details["reason"] == "the provider's email belongs to someone else"
    assert event.details["email"] == colleague.email


def test_follows_a_verified_change_of_email_at_the_provider(request_, person):
    old_email = person.email
    pre_social_login(request_, sociallogin_for(request_, old_email))

    again = sociallogin_for(request_, "pat.renamed@opcc.example.org")
    pre_social_login(request_, again)

    assert again.user == person
    assert User.objects.get(pk=person.pk).email == "pat.renamed@opcc.example.org"
    assert list(EmailAddress.objects.filter(user=person).values_list("email", flat=True)) == [
        "pat.renamed@opcc.example.org"
    ]
    event = AuditEvent.objects.get(action="staff.changed", target_id=str(person.pk))
    assert event.details == {"email": {"from": old_email, "to": "pat.renamed@opcc.example.org"}}


def test_keeps_the_portal_email_when_the_provider_changes_it_without_verifying(
    request_, person
):
    pre_social_login(request_, sociallogin_for(request_, person.email))

    again = sociallogin_for(request_, "pat.renamed@opcc.example.org", verified=False)
    pre_social_login(request_, again)

    assert again.user == person
    assert User.objects.get(pk=person.pk).email == person.email
