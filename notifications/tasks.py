"""Background sending of notification emails."""

from celery import shared_task

from .models import Notification
from .services import notification_send_email


@shared_task(
    bind=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(self, notification_id: int) -> bool:
    """Send one notification's email; safe to run any number of times."""
    try:
        return notification_send_email(notification_id=notification_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            Notification.objects.filter(pk=notification_id).update(
                email_status=Notification.EmailStatus.FAILED, email_error=str(exc)[:500]
            )
        raise


@shared_task
def send_pending_emails() -> int:
    """Queue the email of every notification still waiting (e.g. after a broker outage)."""
    ids = list(
        Notification.objects.filter(email_status=Notification.EmailStatus.PENDING).values_list(
            "pk", flat=True
        )[:1000]
    )
    for pk in ids:
        send_notification_email.delay(pk)
    return len(ids)
