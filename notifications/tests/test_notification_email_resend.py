import pytest
from django.core import mail

from audit.models import AuditEvent
from notifications.models import Notification
from notifications.services import notification_email_resend

from .factories import NotificationFactory


def test_sends_a_failed_email_again_and_records_who_asked(
    admin_user, django_capture_on_commit_callbacks
):
    failed = NotificationFactory(
        email_status=Notification.EmailStatus.FAILED, email_error="SMTPAuthenticationError: 535"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_email_resend(notification_id=failed.pk, actor=admin_user) is True

    failed.refresh_from_db()
    assert failed.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1
    event = AuditEvent.objects.get(action="notification.email_resent")
    assert event.actor == admin_user
    assert event.target_id == str(failed.pk)
    assert event.details["previous_error"] == "SMTPAuthenticationError: 535"


@pytest.mark.parametrize("status", ["sent", "pending", "not_sent"])
def test_changes_nothing_unless_the_email_failed(
    admin_user, status, django_capture_on_commit_callbacks
):
    notification = NotificationFactory(email_status=status)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notification_email_resend(notification_id=notification.pk, actor=admin_user) is False
    assert callbacks == []
    assert not AuditEvent.objects.filter(action="notification.email_resent").exists()
