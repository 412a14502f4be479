"""Background production of signed PDF records."""

from celery import shared_task

from .services import record_fail, record_note_error, record_produce, records_queue_waiting


@shared_task(bind=True, acks_late=True, max_retries=6)
def produce_record(self, record_id: int) -> bool:
    """Render, sign and store one record; safe to run any number of times.

    Retries with exponential backoff (about 20 s, 40 s, … up to 10 minutes); after
    the last retry the record is marked failed for an administrator to look at.
    """
    try:
        return record_produce(record_id=record_id)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        if self.request.retries >= self.max_retries:
            record_fail(record_id=record_id, error=error)
            raise
        record_note_error(record_id=record_id, error=error)
        raise self.retry(exc=exc, countdown=min(20 * 2**self.request.retries, 600)) from exc


@shared_task
def queue_waiting_records() -> int:
    """Queue again records still waiting long after they were created."""
    return records_queue_waiting()
