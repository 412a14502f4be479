import hashlib
import threading

import pytest

from audit.models import AuditEvent
from notifications.models import Notification
from portal.celery import app as celery_app
from records.models import Record
from records.services import record_file_name, record_produce
from records.signing import signing_identity
from records.tasks import produce_record


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_signs_and_stores_the_record(person, make_record, stored_file, record_storage):
    record = make_record(subject=person, produce=True)
    assert record.status == Record.Status.COMPLETE
    assert record.file.name == f"records/{record.year}/{record.reference}.pdf"
    data = stored_file(record)
    assert data.startswith(b"%PDF-1.7")
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.certificate_fingerprint == signing_identity().fingerprint
    assert record.completed_at is not None and record.attempts == 1 and record.error == ""
    assert _files(record_storage) == [record.file.name]
    assert AuditEvent.objects.filter(action="record.signed", target_id=str(record.pk)).exists()


def test_running_it_again_for_a_complete_record_does_nothing(person, make_record, stored_file):
    record = make_record(subject=person, produce=True)
    before = stored_file(record)
    assert record_produce(record_id=record.pk) is False
    produce_record.delay(record.pk)
    record.refresh_from_db()
    assert record.attempts == 1
    assert stored_file(record) == before


def test_a_rerun_after_a_crash_replaces_the_half_written_file(person, make_record, record_storage):
    record = make_record(subject=person)
    # What a worker killed while writing leaves behind: the name taken, the file partial.
    leftover = record_storage / record_file_name(record)
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-1.7 half a file")

    assert record_produce(record_id=record.pk) is True
    record.refresh_from_db()
    assert record.status == Record.Status.COMPLETE
    assert _files(record_storage) == [record_file_name(record)]
    assert hashlib.sha256(leftover.read_bytes()).hexdigest() == record.sha256


def test_a_record_that_cannot_be_signed_fails_after_its_retries_and_tells_administrators(
    person, admin_user, make_record, settings, record_storage, monkeypatch
):
    # Run the retries one after another, as eager tasks do when errors are not raised
    # to the caller at once (the test settings raise them).
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    settings.RECORDS_SIGNING_KEY = str(record_storage / "missing-key.pem")
    settings.RECORDS_SIGNING_CERT = str(record_storage / "missing-cert.pem")
    make_record(subject=person, produce=True)
    record = Record.objects.get()
    assert record.status == Record.Status.FAILED
    assert record.attempts == produce_record.max_retries + 1
    assert "missing-key.pem" in record.error
    assert _files(record_storage) == []
    notice = Notification.objects.get(recipient=admin_user, kind="record_failed")
    assert record.reference in notice.subject
    assert AuditEvent.objects.filter(action="record.failed", target_id=str(record.pk)).exists()


def test_a_failed_record_is_not_produced_by_a_stray_task(person, make_record):
    record = make_record(subject=person)
    Record.objects.filter(pk=record.pk).update(status=Record.Status.FAILED)
    assert record_produce(record_id=record.pk) is False
    record.refresh_from_db()
    assert record.status == Record.Status.FAILED and record.attempts == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_store_exactly_one_file(record_storage, monkeypatch):
    from django.db import connection, transaction

    from records.services import record_create
    from staff.tests.factories import UserFactory

    from .record_samples import sample_evidence

    monkeypatch.setattr(produce_record, "delay", lambda pk: None)  # the two runs below instead
    subject = UserFactory()
    with transaction.atomic():
        record = record_create(kind="test", subject=subject, obj=None, evidence=sample_evidence(subject))
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(record_produce(record_id=record.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    record.refresh_from_db()
    assert record.status == Record.Status.COMPLETE
    assert _files(record_storage) == [record.file.name]
    assert hashlib.sha256((record_storage / record.file.name).read_bytes()).hexdigest() == record.sha256
