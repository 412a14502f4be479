from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import send_pending_emails as send_pending_emails_task


def _notified_at(when, person, key):
    with time_machine.travel(when, tick=False):
        return notify(recipient=person, kind="test_message", key=key, link="/", email=False)


def _pending(notification):
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.PENDING,
        email_queued_at=notification.created_at,
    )


def test_sends_an_email_whose_task_was_lost(person, django_capture_on_commit_callbacks):
    lost = _notified_at(timezone.now() - timedelta(hours=1), person, "lost")
    _pending(lost)  # queued an hour ago, and nothing has tried to send it since

    with django_capture_on_commit_callbacks(execute=True):
        assert send_pending_emails_task.apply().get() == 1

    lost.refresh_from_db()
    assert lost.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_leaves_alone_an_email_that_is_still_being_tried(
    person, django_capture_on_commit_callbacks
):
    recent = _notified_at(timezone.now() - timedelta(minutes=20), person, "recent")
    _pending(recent)  # e.g. its task waits for its next retry

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert send_pending_emails_task.apply().get() == 0

    assert callbacks == []
    assert mail.outbox == []


def test_leaves_alone_emails_sent_failed_or_not_wanted(
    person, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(days=1)
    for status in ("sent", "failed", "not_sent"):
        notification = _notified_at(long_ago, person, status)
        Notification.objects.filter(pk=notification.pk).update(
            email_status=status, email_queued_at=long_ago
        )

    with django_capture_on_commit_callbacks(execute=True):
        assert send_pending_emails_task.apply().get() == 0
    assert mail.outbox == []


def test_an_email_queued_again_is_not_queued_again_by_the_next_sweep(
    person, django_capture_on_commit_callbacks
):
    lost = _notified_at(timezone.now() - timedelta(hours=1), person, "lost")
    _pending(lost)

    with django_capture_on_commit_callbacks(execute=False):
        send_pending_emails_task.apply()  # queued, but not run yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send_pending_emails_task.apply().get() == 0
    assert callbacks == []
