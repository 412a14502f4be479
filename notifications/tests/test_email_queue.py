"""Emails rendered outside notifications (allauth's) are sent by the worker after commit."""

from django.core import mail
from django.urls import reverse

from staff.tests.factories import UserFactory


def test_the_password_reset_email_waits_for_the_commit(client, db, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("account_reset_password"), {"email": person.email})
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_worker_sends_it_with_both_parts(client, db, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": person.email})
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "/accounts/password/reset/key/" in message.body
    assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]


def test_a_rolled_back_request_sends_nothing(db, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMultiAlternatives
    from django.db import transaction

    from notifications.services import email_queue

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                email_queue(EmailMultiAlternatives("Subject", "Body", to=["a@opcc.example.org"]))
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []


def test_a_password_change_is_told_to_the_person_by_email(
    client, db, password, django_capture_on_commit_callbacks
):
    person = UserFactory()
    client.force_login(person)
    new = "a-brand-new-long-passphrase-7"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_change_password"),
            {"oldpassword": password, "password1": new, "password2": new},
        )
    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.subject.endswith("Your portal password was changed")
    assert "tell the IT service desk straight away" in message.body
    assert "IP address: 127.0.0.1" in message.body
