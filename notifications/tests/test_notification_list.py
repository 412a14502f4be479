from django.urls import reverse

from staff.tests.factories import UserFactory

from .factories import NotificationFactory

URL = reverse("notifications:list")


def test_lists_only_my_own_notifications(client, person):
    NotificationFactory(recipient=person, subject="Your declaration is due")
    NotificationFactory(recipient=UserFactory(), subject="Someone else's request")
    client.force_login(person)

    response = client.get(URL)

    assert response.status_code == 200
    assert b"Your declaration is due" in response.content
    assert b"Someone else" not in response.content


def test_shows_the_unread_count_in_the_header(client, person):
    NotificationFactory.create_batch(2, recipient=person)
    NotificationFactory(recipient=person, read_at="2026-01-05T10:00:00Z")
    NotificationFactory(recipient=UserFactory())
    client.force_login(person)

    response = client.get(reverse("home"))

    assert response.context["unread_notifications"] == 2
    assert '2<span class="visually-hidden"> unread</span>' in response.content.decode()


def test_shows_what_each_notification_says_without_the_greeting(client, person):
    NotificationFactory(
        recipient=person,
        body_text="Hello Pat,\n\nYour request to take a laptop abroad was approved.\n\nSee it: /x",
    )
    client.force_login(person)

    content = client.get(URL).content.decode()

    assert "Your request to take a laptop abroad was approved." in content
    assert "Hello Pat" not in content


def test_says_when_there_is_nothing(client, person):
    client.force_login(person)
    assert b"You have no notifications yet" in client.get(URL).content


def test_pages_long_lists(client, person):
    NotificationFactory.create_batch(30, recipient=person)
    client.force_login(person)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


def test_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
