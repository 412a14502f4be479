"""The requests' scheduled jobs, run by Celery beat (see CELERY_BEAT_SCHEDULE).

Each calls a service that is keyed or checks state first, so a retried or
repeated run sends and changes nothing twice.
"""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def remind_and_escalate_steps() -> dict:
    """Hourly: reminders for steps due and overdue, escalation of long-overdue ones."""
    return services.steps_remind_and_escalate()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def expire_requests() -> int:
    """Daily: permissions whose dates have passed end, with the tasks that follow."""
    return services.requests_expire()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def run_request_types_daily() -> int:
    """Daily: each request type's own work, e.g. security advice before travel."""
    return services.request_types_daily()
