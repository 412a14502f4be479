"""Passwords: at least 12 characters, not a common one, and long passphrases welcome."""

import pytest
from django.urls import reverse

from staff.models import User

PASSPHRASE_64 = "a heron waits by the cold grey weir while the rain taps the lock"


@pytest.fixture
def change_password(client, person, password):
    client.force_login(person)

    def change(new_password, confirmation=None):
        return client.post(
            reverse("account_change_password"),
            {
                "oldpassword": password,
                "password1": new_password,
                "password2": new_password if confirmation is None else confirmation,
            },
        )

    return change


def refused_with(response, text):
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert text in response.content.decode()


def test_refuses_a_password_under_12_characters(change_password, person, password):
    response = change_password("k8#vQ2m!pL0")

    refused_with(response, "at least 12 characters")
    assert User.objects.get(pk=person.pk).check_password(password)


def test_accepts_12_characters(change_password, person):
    response = change_password("k8#vQ2m!pL0z")

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).check_password("k8#vQ2m!pL0z")


@pytest.mark.parametrize("common", ["password1234", "qwerty123456", "1q2w3e4r5t6y"])
def test_refuses_a_common_password(change_password, person, password, common):
    response = change_password(common)

    refused_with(response, "too common")
    assert User.objects.get(pk=person.pk).check_password(password)


def test_accepts_a_64_character_passphrase(change_password, person):
    assert len(PASSPHRASE_64) == 64
    response = change_password(PASSPHRASE_64)

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).check_password(PASSPHRASE_64)


def test_refuses_a_password_that_is_only_digits(change_password):
    refused_with(change_password("739164028573"), "entirely numeric")


def test_refuses_a_confirmation_that_does_not_match(change_password, person, password):
    refused_with(change_password(PASSPHRASE_64, PASSPHRASE_64[:-1]), "same password")
    assert User.objects.get(pk=person.pk).check_password(password)


def test_refuses_a_wrong_current_password(client, person, password):
    client.force_login(person)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": PASSPHRASE_64, "password2": PASSPHRASE_64},
    )

    refused_with(response, "Enter your current password")
    assert User.objects.get(pk=person.pk).check_password(password)


def test_the_same_rules_apply_when_resetting_a_forgotten_password(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    # The reset email is sent by the worker once the request's work is saved.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": person.email})
    [message] = mailoutbox
    link = next(w for w in message.body.split() if "/accounts/password/reset/key/" in w)
    form_url = client.get(link).url

    response = client.post(form_url, {"password1": "short-one", "password2": "short-one"})

    refused_with(response, "at least 12 characters")
    response = client.post(form_url, {"password1": PASSPHRASE_64, "password2": PASSPHRASE_64})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).check_password(PASSPHRASE_64)
