"""Background sending of notification emails."""

from celery import shared_task

from .services import email_send, notification_send_email, notifications_requeue_lost_emails

# Waits between attempts grow from 30 seconds to this, at most (about 1.5 hours
# over all attempts). Kept below the Redis visibility timeout so that a retry
# waiting in a worker is not handed to another worker as well.
RETRY_BACKOFF_MAX = 30 * 60


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(self, notification_id: int) -> bool:
    """Send one notification's email; safe to run any number of times."""
    return notification_send_email(
        notification_id=notification_id, last_attempt=self.request.retries >= self.max_retries
    )


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=8,
)
def send_email_message(data: dict) -> None:
    """Send an email rendered in the web request (e.g. a password reset link)."""
    email_send(data)


@shared_task
def send_pending_emails() -> int:
    """Queue again the emails whose task was lost (e.g. during a broker outage)."""
    return notifications_requeue_lost_emails()
