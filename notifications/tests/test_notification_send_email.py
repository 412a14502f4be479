import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_send_email, notify
from notifications.tasks import send_notification_email as send_notification_email_task
from portal.celery import app as celery_app

from .smtp import free_port


@pytest.fixture
def pending(person):
    """A notification whose email has not been sent yet."""
    return notify(recipient=person, kind="test_message", key="k:1", link="/notifications/")


@pytest.fixture
def unreachable_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 5


def test_the_email_has_a_text_and_an_html_part(pending, smtp_server, smtp_settings, settings):
    server = smtp_server()
    smtp_settings(server)
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OPCC] "

    assert notification_send_email(notification_id=pending.pk) is True

    [message] = server.messages
    assert message["Subject"] == "[OPCC] Test email from the staff policy portal"
    assert message["To"] == pending.recipient.email
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.startswith(f"Hello {pending.recipient.get_short_name()},")
    assert f"{settings.SITE_URL}/notifications/" in text
    assert "<!doctype html>" in html
    assert f'href="{settings.SITE_URL}/notifications/"' in html


def test_the_message_id_is_the_same_every_time_one_notification_is_sent(person, pending):
    notification_send_email(notification_id=pending.pk)
    # As if the first success had never been recorded.
    Notification.objects.filter(pk=pending.pk).update(email_status=Notification.EmailStatus.PENDING)
    notification_send_email(notification_id=pending.pk)
    other = notify(recipient=person, kind="test_message", key="k:2", link="/")
    notification_send_email(notification_id=other.pk)

    first, again, different = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert first == again
    assert first != different
    assert first.startswith("<") and first.endswith(f"@{pending_domain()}>")


def pending_domain():
    from django.conf import settings

    return settings.ORGANISATION_EMAIL_DOMAIN


def test_marks_the_notification_sent(pending):
    assert notification_send_email(notification_id=pending.pk) is True
    pending.refresh_from_db()
    assert pending.email_status == Notification.EmailStatus.SENT
    assert pending.email_sent_at is not None
    assert pending.email_attempts == 1


def test_running_it_again_after_success_sends_nothing(pending):
    send_notification_email_task.apply(args=[pending.pk])
    result = send_notification_email_task.apply(args=[pending.pk])
    assert result.get() is False
    assert len(mail.outbox) == 1


def test_does_nothing_for_a_notification_that_does_not_exist(db):
    assert notification_send_email(notification_id=404) is False
    assert mail.outbox == []


def test_does_not_email_someone_who_left_after_being_notified(pending):
    pending.recipient.is_active = False
    pending.recipient.save()
    assert notification_send_email(notification_id=pending.pk) is False
    pending.refresh_from_db()
    assert pending.email_status == Notification.EmailStatus.NOT_SENT
    assert mail.outbox == []


def test_a_temporary_failure_is_recorded_and_raised_for_a_retry(pending, unreachable_mail_server):
    queued_at = pending.email_queued_at
    with pytest.raises(ConnectionRefusedError):
        notification_send_email(notification_id=pending.pk)
    pending.refresh_from_db()
    assert pending.email_status == Notification.EmailStatus.PENDING
    assert pending.email_attempts == 1
    assert pending.email_error.startswith("ConnectionRefusedError")
    assert pending.email_queued_at > queued_at


def test_gives_up_after_the_last_attempt(pending, unreachable_mail_server):
    with pytest.raises(ConnectionRefusedError):
        notification_send_email(notification_id=pending.pk, last_attempt=True)
    pending.refresh_from_db()
    assert pending.email_status == Notification.EmailStatus.FAILED


@pytest.fixture
def eager_retries():
    """Run retries of an eager task one after another, without waiting, as a worker would."""
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = propagates


def test_the_task_retries_until_its_last_attempt_then_gives_up(
    pending, unreachable_mail_server, eager_retries
):
    result = send_notification_email_task.apply(args=[pending.pk])
    assert isinstance(result.result, ConnectionRefusedError)
    pending.refresh_from_db()
    assert pending.email_status == Notification.EmailStatus.FAILED
    assert pending.email_attempts == send_notification_email_task.max_retries + 1


def test_a_refusal_by_the_mail_server_fails_at_once(pending, smtp_server, smtp_settings):
    smtp_settings(smtp_server(refuse_recipients=True))
    assert notification_send_email(notification_id=pending.pk) is False
    pending.refresh_from_db()
    assert pending.email_status == Notification.EmailStatus.FAILED
    assert pending.email_attempts == 1
    assert "550" in pending.email_error
