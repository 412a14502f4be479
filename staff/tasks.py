from celery import shared_task

from .services import staff_deactivate_leavers


@shared_task
def deactivate_leavers() -> int:
    """Deactivate people whose leaving date has passed and end their sessions."""
    return staff_deactivate_leavers()
