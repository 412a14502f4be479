"""Asking for a password reset never tells who has an account.

The answer to an address nobody has is the same page, byte for byte, as the
answer to a known one (apart from the form's CSRF token and the page's script
nonce, which differ on every request), and only the known address gets an email.
"""

import re

from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent

UNKNOWN_EMAIL = "nobody.here@opcc.example.org"
PER_REQUEST = re.compile(rb'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def ask_for_a_reset(email: str, capture_on_commit) -> tuple:
    """The status, redirects and page answered to a reset asked for ``email``."""
    client = Client(raise_request_exception=False)
    with capture_on_commit(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": email}, follow=True)
    return response.status_code, response.redirect_chain, PER_REQUEST.sub(rb"\1-", response.content)


def test_password_reset_answers_the_same_page_for_known_and_unknown_addresses(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    known = ask_for_a_reset(person.email, django_capture_on_commit_callbacks)
    unknown = ask_for_a_reset(UNKNOWN_EMAIL, django_capture_on_commit_callbacks)

    assert known[0] == 200
    assert known == unknown


def test_password_reset_for_an_unknown_address_sends_no_email(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    status, _redirects, _page = ask_for_a_reset(UNKNOWN_EMAIL, django_capture_on_commit_callbacks)
    assert status == 200
    assert mailoutbox == []

    ask_for_a_reset(person.email, django_capture_on_commit_callbacks)
    assert [message.to for message in mailoutbox] == [[person.email]]


def test_a_reset_link_sent_is_on_the_audit_trail_and_an_unknown_address_leaves_nothing(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_a_reset(UNKNOWN_EMAIL, django_capture_on_commit_callbacks)
    assert not AuditEvent.objects.filter(action="auth.password_reset_requested").exists()

    ask_for_a_reset(person.email, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action="auth.password_reset_requested")
    assert (event.actor, event.actor_label, event.target_id) == (
        None,
        "someone not signed in",
        str(person.pk),
    )
    assert event.ip_address == "127.0.0.1"
