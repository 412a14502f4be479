"""Password changes and wrong two-factor codes reach the audit trail; typed passwords never do."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User
from staff.tests.factories import enable_totp

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a heron waits by the cold grey weir"


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def wrong_code(secret: str) -> str:
    now = int(time.time()) // 30
    valid = {format_hotp_value(hotp_value(secret, now + step)) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def test_a_password_typed_in_the_email_box_is_not_recorded(client, person):
    # The sign-in form refuses anything but an address before checking the password.
    client.post(
        reverse("account_login"), {"login": "Hunter2-my-secret", "password": "Hunter2-my-secret"}
    )

    assert not AuditEvent.objects.filter(actor_label__contains="Hunter2").exists()
    assert "Hunter2" not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_a_failed_sign_in_keeps_only_an_email_address(rf):
    # Any other way of checking a password (Django's own ``authenticate``) is covered too.
    request = rf.post("/accounts/login/")
    request.user = AnonymousUser()
    authenticate(request, email="Hunter2-my-secret", password="Hunter2-my-secret")

    [event] = events("auth.sign_in_failed")
    assert event.actor_label == "(not an email address)"
    assert event.details == {"email": "(not an email address)"}
    assert event.target_type == ""


def test_changing_a_password_is_recorded(client, person, password):
    client.force_login(person)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    [event] = events("auth.password_changed")
    assert event.actor == person
    assert event.target_id == str(person.pk)
    assert NEW_PASSWORD not in str(event.details)


def test_setting_a_first_password_is_recorded(client, person):
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    response = client.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    [event] = events("auth.password_set")
    assert event.actor == person


def test_resetting_a_forgotten_password_is_recorded(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": person.email})
    link = next(w for w in mailoutbox[0].body.split() if "/accounts/password/reset/key/" in w)
    form_url = client.get(link).url

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).check_password(NEW_PASSWORD)
    [event] = events("auth.password_reset")
    assert event.target_id == str(person.pk)


def test_a_wrong_second_factor_code_at_sign_in_is_recorded(client, person, password):
    secret = enable_totp(person)
    response = client.post(reverse("account_login"), {"login": person.email, "password": password})
    assert response.url == reverse("mfa_authenticate")

    code = wrong_code(secret)
    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    [event] = events("mfa.failed")
    assert event.actor_label == person.email
    assert event.target_id == str(person.pk)
    assert event.details == {"type": "totp", "reauthentication": False}
    assert code not in str(event.details)
    assert not events("auth.signed_in")


def test_a_wrong_code_when_confirming_it_is_you_is_recorded(mfa_client, person):
    secret = enable_totp(person)
    client = mfa_client(person, recently=False)

    response = client.post(reverse("mfa_reauthenticate"), {"code": wrong_code(secret)})

    assert response.status_code == 200
    [event] = events("mfa.failed")
    assert event.actor == person
    assert event.details == {"type": "totp", "reauthentication": True}
