"""Single sign-on (OpenID Connect) lets current staff in by their work email and creates nobody."""

import datetime as dt

import pytest
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
    """The SocialLogin allauth builds from the identity provider's answer at the callback."""
    provider = get_adapter().get_provider(request, "organisation")
    claims = {"sub": sub, "email": email, "email_verified": verified, "name": "Someone"}
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
