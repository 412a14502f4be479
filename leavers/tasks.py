"""The leaver cases' scheduled job, run by Celery beat (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def remind_and_escalate_leaver_items() -> dict:
    """Daily: owners of overdue checklist items reminded; long-overdue ones escalated."""
    return services.items_remind_and_escalate()
