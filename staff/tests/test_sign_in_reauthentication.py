"""Setting up or removing a second factor needs a fresh confirmation of the password."""

import datetime as dt
from urllib.parse import quote

import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse

from staff.tests.factories import enable_totp

ACTIVATE = reverse("mfa_activate_totp")
REAUTHENTICATE = reverse("account_reauthenticate")
START = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)


def signed_in_by_password(client, user, password):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    return client


@time_machine.travel(START, tick=False)
def test_asks_for_the_password_again_before_showing_a_new_secret(client, person, password):
    signed_in_by_password(client, person, password)

    response = client.get(ACTIVATE)

    assert response.status_code == 302
    assert response.url == f"{REAUTHENTICATE}?next={quote(ACTIVATE, safe='')}"


@time_machine.travel(START, tick=False)
def test_a_wrong_password_does_not_confirm(client, person, password):
    signed_in_by_password(client, person, password)

    response = client.post(f"{REAUTHENTICATE}?next={ACTIVATE}", {"password": "not-the-password"})

    assert response.status_code == 200
    assert b"The password is not right." in response.content
    assert client.get(ACTIVATE).url.startswith(REAUTHENTICATE)


def test_the_right_password_opens_set_up_for_a_few_minutes_only(client, person, password, settings):
    timeout = dt.timedelta(seconds=settings.ACCOUNT_REAUTHENTICATION_TIMEOUT)
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_by_password(client, person, password)
        response = client.post(f"{REAUTHENTICATE}?next={ACTIVATE}", {"password": password})
        assert response.url == ACTIVATE
        page = client.get(ACTIVATE)
        assert page.status_code == 200
        assert b"Set up an authenticator app" in page.content

        traveller.shift(timeout - dt.timedelta(seconds=30))
        assert client.get(ACTIVATE).status_code == 200
        traveller.shift(dt.timedelta(seconds=60))
        assert client.get(ACTIVATE).url.startswith(REAUTHENTICATE)


@time_machine.travel(START, tick=False)
def test_removing_the_authenticator_app_needs_it_too(client, role_holder, password):
    holder = role_holder("auditor", mfa=False)
    enable_totp(holder)
    client.force_login(holder)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.url.startswith(REAUTHENTICATE)
    assert Authenticator.objects.filter(user=holder, type="totp").exists()
