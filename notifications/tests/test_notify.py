import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction

from notifications.models import Notification
from notifications.services import notify
from staff.tests.factories import UserFactory


class Rollback(Exception):
    pass


def test_creates_the_notification_and_emails_it_after_commit(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notification = notify(recipient=person, kind="test_message", key="k:1", link="/")
        assert Notification.objects.filter(pk=notification.pk).exists()
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.recipient == person
    assert notification.subject == "Test email from the staff policy portal"
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 1


def test_queues_nothing_when_the_callers_transaction_rolls_back(
    person, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        notify(recipient=person, kind="test_message", key="k:1", link="/")
        raise Rollback
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_same_key_twice_makes_one_notification_and_one_email(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipient=person, kind="test_message", key="k:1", link="/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = notify(recipient=person, kind="test_message", key="k:1", link="/")
    assert second.pk == first.pk
    assert callbacks == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_does_not_email_someone_who_has_left(db, django_capture_on_commit_callbacks):
    leaver = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify(recipient=leaver, kind="test_message", key="k:1", link="/")
    assert notification.email_status == Notification.EmailStatus.NOT_SENT
    assert callbacks == []
    assert mail.outbox == []


def test_can_leave_email_out(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify(
            recipient=person, kind="test_message", key="k:1", link="/", email=False
        )
    assert notification.email_status == Notification.EmailStatus.NOT_SENT
    assert callbacks == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writing transaction at a time, so two cannot race for a key",
)
@pytest.mark.django_db(transaction=True)
def test_losing_the_race_for_a_key_leaves_the_callers_transaction_usable():
    person = UserFactory()
    first_inserted = threading.Event()
    first_may_commit = threading.Event()
    results = {}

    def first_caller():
        try:
            with transaction.atomic():
                notify(recipient=person, kind="test_message", key="race", link="/")
                first_inserted.set()
                first_may_commit.wait(10)
        finally:
            connection.close()

    def second_caller():
        try:
            with transaction.atomic():
                results["second"] = notify(
                    recipient=person, kind="test_message", key="race", link="/"
                )
                # The caller's transaction goes on after losing the race.
                notify(recipient=person, kind="test_message", key="after", link="/")
        except Exception as exc:
            results["error"] = exc
        finally:
            connection.close()

    first = threading.Thread(target=first_caller)
    first.start()
    assert first_inserted.wait(10)
    second = threading.Thread(target=second_caller)
    second.start()
    _wait_until_a_session_waits_for_a_lock()
    first_may_commit.set()
    first.join(10)
    second.join(10)

    assert "error" not in results
    assert results["second"].idempotency_key == "race"
    assert Notification.objects.filter(idempotency_key="race").count() == 1
    assert Notification.objects.filter(idempotency_key="after").exists()
    assert len(mail.outbox) == 2


def _wait_until_a_session_waits_for_a_lock() -> None:
    """The second insert of the key waits for the first transaction: the race is on."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("The second caller never waited for the first")
