import pytest
from django.urls import reverse

from staff.tests.factories import UserFactory

from .factories import NotificationFactory


def test_marks_the_notification_read_and_follows_its_link(client, person):
    notification = NotificationFactory(recipient=person, link="/requests/12/")
    client.force_login(person)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/requests/12/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "link", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)", ""]
)
def test_follows_no_link_out_of_the_portal(client, person, link):
    notification = NotificationFactory(recipient=person, link=link)
    client.force_login(person)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_is_not_found(client, person):
    colleagues = NotificationFactory(recipient=UserFactory())
    client.force_login(person)

    response = client.get(reverse("notifications:open", args=[colleagues.pk]))

    assert response.status_code == 404
    colleagues.refresh_from_db()
    assert colleagues.read_at is None
