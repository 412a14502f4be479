"""The daily declaration jobs, run by Celery beat (see CELERY_BEAT_SCHEDULE)."""

from dataclasses import asdict

from celery import shared_task
from django.db import OperationalError

from .reminders import reminders_send
from .requirements import requirements_refresh


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def refresh_declaration_requirements() -> int:
    """Bring what each person owes up to date: joiners, leavers, new cycles."""
    return requirements_refresh()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def send_declaration_reminders() -> dict:
    """Send today's reminders and escalation digests; sends nothing twice."""
    return asdict(reminders_send())
