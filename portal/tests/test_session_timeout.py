"""Sessions end after a period of inactivity, and after a maximum length however active."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

HOME = reverse("home")
LOGIN = reverse("account_login")
START = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client_of(traveller, password):
    def sign_in(user):
        client = Client()
        response = client.post(LOGIN, {"login": user.email, "password": password})
        assert response.status_code == 302
        return client

    return sign_in


def signed_out_with(response, text):
    assert response.status_code == 302
    assert response.url == LOGIN
    assert [str(m) for m in get_messages(response.wsgi_request)] == [text]
    return True


def test_an_idle_session_is_signed_out_with_a_message(client_of, traveller, person, settings):
    client = client_of(person)

    traveller.shift(dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 61))
    response = client.get(HOME)

    assert signed_out_with(response, "You were signed out after a period of inactivity.")
    assert client.get(HOME).url.startswith(LOGIN)


def test_a_session_idle_for_less_than_the_timeout_carries_on(
    client_of, traveller, person, settings
):
    client = client_of(person)

    traveller.shift(dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60))

    assert client.get(HOME).status_code == 200


def test_an_active_session_carries_on_past_the_idle_timeout(client_of, traveller, person, settings):
    client = client_of(person)
    step = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 120)

    for _ in range(6):
        traveller.shift(step)
        assert client.get(HOME).status_code == 200


def test_a_session_is_signed_out_at_its_maximum_length_however_active(
    client_of, traveller, person, settings
):
    client = client_of(person)
    step = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT // 2)
    active_for = dt.timedelta(0)
    while active_for + step < dt.timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT):
        traveller.shift(step)
        active_for += step
        assert client.get(HOME).status_code == 200

    traveller.shift(dt.timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT + 1) - active_for)
    response = client.get(HOME)

    assert signed_out_with(
        response, "Your session reached its maximum length. Please sign in again."
    )


def test_the_timeouts_come_from_the_settings(client_of, traveller, person, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    client = client_of(person)

    traveller.shift(dt.timedelta(seconds=200))

    assert signed_out_with(client.get(HOME), "You were signed out after a period of inactivity.")


def test_signing_in_again_starts_a_new_session(client_of, traveller, person, password, settings):
    client = client_of(person)
    traveller.shift(dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 61))
    client.get(HOME)

    client.post(LOGIN, {"login": person.email, "password": password})

    assert client.get(HOME).status_code == 200
