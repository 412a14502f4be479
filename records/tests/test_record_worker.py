"""Records produced by a real Celery worker process, and a worker killed mid-render.

The worker runs against the test database and the configured broker (Redis when
REDIS_URL is set, otherwise the filesystem broker) and writes files to this test's
own storage folder (MEDIA_ROOT in its environment).
"""

import hashlib
import re
import subprocess
import time
from io import BytesIO

import pytest
from django.conf import settings
from django.db import transaction
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from records.models import Record
from records.services import record_create, records_queue_waiting
from records.signing import certificate_fingerprint, signing_identity
from records.tasks import produce_record as produce_record_task
from staff.tests.factories import UserFactory
from tests.worker import wait_until

from .record_samples import sample_evidence

pytestmark = pytest.mark.worker

# Seconds before Redis hands an unacknowledged message out again (when a worker
# starts and restores unacknowledged messages).
VISIBILITY_TIMEOUT = 5

# Enough evidence for several seconds of rendering (about 40 pages): the worker is
# killed while it renders. The same code path as any record, only longer.
LONG_EVIDENCE = {
    "statements": [f"Statement {i}: a line of a long record, rendered like any other." for i in range(700)]
}


def _create(subject, evidence=None) -> Record:
    with transaction.atomic():
        return record_create(
            kind="test",
            subject=subject,
            obj=None,
            evidence=evidence if evidence is not None else sample_evidence(subject),
            title="Record produced by the worker",
        )



def _status(record: Record) -> str:
    record.refresh_from_db()
    return record.status


def _files(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def media(tmp_path, settings):
    """One storage folder for this test process and its workers."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_a_worker_renders_and_signs_a_record_that_validates(celery_worker, media, tmp_path):
    worker = celery_worker(extra_env={"MEDIA_ROOT": str(media)})
    record = _create(UserFactory())
    wait_until(
        lambda: _status(record) == Record.Status.COMPLETE,
        timeout=60,
        what=f"the worker signed the record:\n{worker.log()}",
    )
    data = (media / record.file.name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == record.sha256

    # pyHanko, against the organisation's certificate authority.
    identity = signing_identity()
    [signature] = PdfFileReader(BytesIO(data)).embedded_signatures
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=list(identity.trust_roots), allow_fetching=False)
    )
    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert certificate_fingerprint(status.signing_cert) == record.certificate_fingerprint
    assert "non_repudiation" in status.signing_cert.key_usage_value.native

    # poppler, independently.
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in report, report
    assert "Total document signed" in report, report


def _kill_while_rendering(worker, record: Record, media) -> float:
    """Kill the worker once it has started this record; returns when that was."""
    worker.wait_for_log("records.tasks.produce_record[", timeout=30)
    # The attempt is counted (committed) just before rendering begins.
    wait_until(lambda: Record.objects.get(pk=record.pk).attempts == 1, 30, "the render began")
    started = time.monotonic()
    worker.kill()
    assert _status(record) == Record.Status.PENDING
    assert _files(media) == []
    return started


def _assert_one_complete_record_and_one_file(record: Record, media) -> None:
    assert Record.objects.count() == 1
    assert _status(record) == Record.Status.COMPLETE
    assert _files(media) == [record.file.name]
    assert hashlib.sha256((media / record.file.name).read_bytes()).hexdigest() == record.sha256


def _run_again_through_the_worker(worker, record: Record, media) -> None:
    before = (media / record.file.name).read_bytes()
    result = produce_record_task.delay(record.pk)
    worker.wait_for_log(f"[{result.id}] succeeded", timeout=60)
    assert re.search(rf"\[{result.id}\] succeeded in [0-9.]+s: False", worker.log())
    _assert_one_complete_record_and_one_file(record, media)
    assert (media / record.file.name).read_bytes() == before


@pytest.mark.skipif(
    not settings.REDIS_URL,
    reason=(
        "kombu's filesystem broker deletes a message when a worker takes it, so a killed "
        "task cannot come back; the embedded mode relies on queue_waiting_records (below)"
    ),
)
def test_a_worker_killed_mid_render_is_redelivered_and_leaves_one_record_and_one_file(
    celery_worker, media
):
    env = {"MEDIA_ROOT": str(media), "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    worker = celery_worker(extra_env=env)
    record = _create(UserFactory(), evidence=LONG_EVIDENCE)
    killed_at = _kill_while_rendering(worker, record, media)

    # The message is still in Redis, unacknowledged: a worker starting after the
    # visibility timeout takes it back.
    time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    worker.start()
    wait_until(
        lambda: _status(record) == Record.Status.COMPLETE,
        timeout=120,
        what=f"the redelivered task signed the record:\n{worker.log()}",
    )
    _assert_one_complete_record_and_one_file(record, media)
    assert record.attempts == 2
    _run_again_through_the_worker(worker, record, media)


def test_a_record_whose_task_died_with_the_worker_is_produced_once_by_the_sweep(
    celery_worker, media
):
    # On Redis the message would come back after the visibility timeout: keep it
    # long, so that only the sweep can produce the record.
    worker = celery_worker(extra_env={"MEDIA_ROOT": str(media), "CELERY_VISIBILITY_TIMEOUT": "3600"})
    record = _create(UserFactory(), evidence=LONG_EVIDENCE)
    _kill_while_rendering(worker, record, media)

    worker.start()
    # What beat's queue_waiting_records does once a record has waited long enough.
    assert records_queue_waiting(older_than_minutes=0) == 1
    wait_until(
        lambda: _status(record) == Record.Status.COMPLETE,
        timeout=120,
        what=f"the sweep's task signed the record:\n{worker.log()}",
    )
    _assert_one_complete_record_and_one_file(record, media)
    _run_again_through_the_worker(worker, record, media)
