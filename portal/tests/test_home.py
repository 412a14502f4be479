from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from staff.tests.factories import UserFactory


def queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_notifications(user, count, start=0):
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind="test_message",
            subject=f"Notice {n}",
            body_text="Body",
            idempotency_key=f"home-test:{user.pk}:{n}",
        )
        for n in range(start, start + count)
    )


def test_shows_my_tasks_sections_to_a_member_of_staff(client, person):
    client.force_login(person)
    response = client.get("/")
    content = response.content.decode()
    assert "Declarations to sign" in content
    assert "Tasks assigned to me" in content
    assert "Requests awaiting my decision" not in content


def test_shows_decisions_to_a_line_manager(client, manager):
    client.force_login(manager)
    assert "Requests awaiting my decision" in client.get("/").content.decode()


def test_lists_unread_notifications_with_their_count(client, person):
    add_notifications(person, 7)
    client.force_login(person)
    content = client.get("/").content.decode()
    assert "Notice 6" in content
    assert ">7<" in content.replace(" ", "")


def test_makes_the_same_number_of_queries_whatever_the_size(client, manager):
    client.force_login(manager)
    UserFactory.create_batch(3, line_manager=manager)
    add_notifications(manager, 2)
    client.get("/")  # the first request of a session also saves the session
    small = queries_for_home(client)
    UserFactory.create_batch(40, line_manager=manager)
    UserFactory.create_batch(40)
    add_notifications(manager, 60, start=2)
    assert queries_for_home(client) == small


def test_sends_visitors_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
