"""The register's daily jobs, run by Celery beat (see CELERY_BEAT_SCHEDULE).

Each calls a service whose emails are keyed, so a retried or repeated run sends
nothing twice.
"""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def remind_registrations() -> dict:
    """Daily: owners of accounts awaiting registration, weekly; the team after three weeks."""
    return services.registrations_remind()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def remind_password_changes() -> int:
    """Daily: owners and administrators of accounts whose password must change."""
    return services.password_changes_remind()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def remind_and_escalate_reviews() -> dict:
    """Daily: annual reviews coming up, due and overdue; the team at two weeks overdue."""
    return services.reviews_remind_and_escalate()
