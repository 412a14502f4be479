import datetime as dt

import time_machine
from django.core import mail
from django.urls import reverse

URL = reverse("notifications:send_test")


def test_sends_me_a_test_email(client, person, django_capture_on_commit_callbacks):
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, follow=True)

    assert f"A test email is on its way to {person.email}".encode() in response.content
    [message] = mail.outbox
    assert message.to == [person.email]
    assert person.notifications.get().kind == "test_message"


def test_each_request_sends_a_new_test_email(client, person, django_capture_on_commit_callbacks):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL)
        client.post(URL)
    assert len(mail.outbox) == 2


def test_needs_a_post(client, person):
    client.force_login(person)
    assert client.get(URL).status_code == 405
    assert mail.outbox == []


def test_refuses_a_sixth_test_email_within_an_hour(
    client, person, django_capture_on_commit_callbacks
):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(URL)
        response = client.post(URL, follow=True)

    assert b"You have asked for 5 test emails in the last hour" in response.content
    assert len(mail.outbox) == 5
    assert person.notifications.count() == 5


def test_sends_test_emails_again_an_hour_later(client, person, django_capture_on_commit_callbacks):
    client.force_login(person)
    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(5):
            client.post(URL)
        clock.shift(dt.timedelta(minutes=61))
        client.logout()  # an hour idle ends the session: sign in afresh
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, follow=True)

    assert f"A test email is on its way to {person.email}".encode() in response.content
    assert person.notifications.count() == 6


def test_the_limit_is_for_each_person(
    client, person, manager, django_capture_on_commit_callbacks
):
    client.force_login(person)
    for _ in range(5):
        client.post(URL)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL)

    assert manager.notifications.count() == 1
