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
