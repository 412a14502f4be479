from django.urls import reverse

from staff.tests.factories import UserFactory

from .factories import NotificationFactory

URL = reverse("notifications:mark_all_read")


def test_marks_all_my_notifications_read(client, person):
    mine = NotificationFactory.create_batch(3, recipient=person)
    someone_elses = NotificationFactory(recipient=UserFactory())
    client.force_login(person)

    response = client.post(URL, follow=True)

    assert response.redirect_chain == [(reverse("notifications:list"), 302)]
    assert response.context["unread_notifications"] == 0
    assert b"All your notifications are marked as read." in response.content
    for notification in mine:
        notification.refresh_from_db()
        assert notification.read_at is not None
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


def test_needs_a_post(client, person):
    NotificationFactory(recipient=person)
    client.force_login(person)
    assert client.get(URL).status_code == 405
    assert person.notifications.unread().count() == 1
