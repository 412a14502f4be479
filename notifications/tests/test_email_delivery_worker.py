"""A worker killed while handing an email to the mail server: the email arrives once.

These tests run a real SMTP server (aiosmtpd) in the test process and a real
Celery worker process. The server holds the first message after its data has
arrived but before accepting it; the worker is killed with SIGKILL in that
moment, as a crash or an out-of-memory kill would: the whole worker, or only the
pool process running the task.
"""

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction

from notifications.models import Notification
from notifications.services import message_id, notifications_requeue_lost_emails, notify
from notifications.tasks import send_notification_email as send_notification_email_task
from staff.tests.factories import UserFactory
from tests.worker import purge_queue, wait_until

pytestmark = pytest.mark.worker

# Seconds before Redis gives an unacknowledged message to another worker. Only the
# worker needs it: it is the worker that restores unacknowledged messages.
VISIBILITY_TIMEOUT = 5


@pytest.fixture(autouse=True)
def _forget_messages_left_by_killed_workers():
    yield
    purge_queue()


def _notify_in_a_transaction() -> Notification:
    with transaction.atomic():
        return notify(
            recipient=UserFactory(), kind="test_message", key="delivery:1", link="/notifications/"
        )



def _email_status(notification: Notification) -> str:
    notification.refresh_from_db()
    return notification.email_status


def _kill_while_the_mail_server_holds_the_message(
    worker, server, notification, kill=None
) -> float:
    """Kill the worker while its message waits to be accepted; returns when the wait began."""
    assert server.handler.holding.wait(30), f"The worker never sent the email:\n{worker.log()}"
    held_at = time.monotonic()
    (kill or worker.kill)()
    # The mail server ends the abandoned session with a temporary error: nothing delivered.
    server.handler.release.set()
    assert server.messages == []
    assert _email_status(notification) == Notification.EmailStatus.PENDING
    return held_at


def _run_again_through_the_worker(worker, notification) -> None:
    result = send_notification_email_task.delay(notification.pk)
    worker.wait_for_log(f"[{result.id}] succeeded", timeout=30)
    # The task's result: False, nothing left to send.
    assert re.search(rf"\[{result.id}\] succeeded in [0-9.]+s: False", worker.log())


@pytest.mark.skipif(
    not settings.REDIS_URL,
    reason=(
        "kombu's filesystem broker deletes a message when a worker takes it, so it cannot "
        "give it back once the whole worker is killed; there a killed pool process is "
        "requeued by the worker and send_pending_emails recovers the rest (both tested below)"
    ),
)
def test_a_worker_killed_before_the_mail_server_accepts_is_redelivered_and_sends_once(
    celery_worker, smtp_server
):
    server = smtp_server(hold_first=True)
    worker = celery_worker(
        extra_env={"EMAIL_URL": server.url, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    )
    notification = _notify_in_a_transaction()
    held_at = _kill_while_the_mail_server_holds_the_message(worker, server, notification)

    # The message is still in Redis, unacknowledged. A worker restores unacknowledged
    # messages older than the visibility timeout when it starts (kombu's
    # restore_visible), so start the next one once that time has passed.
    time.sleep(max(0.0, held_at + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    worker.start()
    wait_until(
        lambda: _email_status(notification) == Notification.EmailStatus.SENT,
        timeout=30,
        what=f"the redelivered task sent the email:\n{worker.log()}",
    )

    [message] = server.messages
    assert message["Message-ID"] == message_id(notification)
    assert message["To"] == notification.recipient.email

    _run_again_through_the_worker(worker, notification)
    assert len(server.messages) == 1


def test_a_pool_process_killed_before_the_mail_server_accepts_is_requeued_and_sends_once(
    celery_worker, smtp_server
):
    server = smtp_server(hold_first=True)
    worker = celery_worker(extra_env={"EMAIL_URL": server.url})
    notification = _notify_in_a_transaction()
    _kill_while_the_mail_server_holds_the_message(
        worker, server, notification, kill=worker.kill_pool
    )

    # The main process sees its pool process die and puts the unacknowledged
    # message back on the queue (task_reject_on_worker_lost), on either broker.
    wait_until(
        lambda: _email_status(notification) == Notification.EmailStatus.SENT,
        timeout=30,
        what=f"the requeued task sent the email:\n{worker.log()}",
    )
    assert "WorkerLostError" in worker.log()
    assert len(server.messages) == 1

    _run_again_through_the_worker(worker, notification)
    assert len(server.messages) == 1


def test_an_email_whose_task_died_with_the_worker_is_sent_once_by_the_sweep(
    celery_worker, smtp_server
):
    server = smtp_server(hold_first=True)
    # On Redis the message would also come back after the visibility timeout: keep
    # it long here, so that only the sweep can send the email.
    worker = celery_worker(extra_env={"EMAIL_URL": server.url, "CELERY_VISIBILITY_TIMEOUT": "3600"})
    notification = _notify_in_a_transaction()
    _kill_while_the_mail_server_holds_the_message(worker, server, notification)

    worker.start()
    # What beat's send_pending_emails does once the email has waited long enough.
    assert notifications_requeue_lost_emails(lost_after=timedelta(0)) == 1
    wait_until(
        lambda: _email_status(notification) == Notification.EmailStatus.SENT,
        timeout=30,
        what=f"the sweep sent the email:\n{worker.log()}",
    )
    assert len(server.messages) == 1

    _run_again_through_the_worker(worker, notification)
    assert len(server.messages) == 1
