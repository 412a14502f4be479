"""Producing signed PDF records: create, render and sign, fail, retry, read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_log
from kernel.roles import RoleKey
from notifications.services import notify
from staff.selectors import role_holders

from .audit_actions import RecordAction
from .kinds import get_kind
from .models import Record, RecordSequence

logger = logging.getLogger(__name__)


class RecordStateError(Exception):
    """The record is not in a state that allows this."""


class RecordIntegrityError(Exception):
    """The stored file is not the one that was signed."""


def _next_number(kind: str, year: int) -> int:
    """The next reference number for ``kind`` in ``year``, under a row lock."""
    RecordSequence.objects.get_or_create(kind=kind, year=year)
    sequence = RecordSequence.objects.select_for_update().get(kind=kind, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _normalise(evidence: dict) -> dict:
    # Store exactly what the PDF and its JSON attachment will carry.
    return json.loads(json.dumps(evidence, cls=DjangoJSONEncoder))


def _queue_production(record: Record) -> None:
    from .tasks import produce_record as produce_record_task

    # robust: if the broker is down the record stays pending and the sweep queues it.
    transaction.on_commit(lambda: produce_record_task.delay(record.pk), robust=True)


@transaction.atomic
def record_create(*, kind: str, subject, obj, evidence: dict, actor=None, title: str = "") -> Record:
    """Create a pending record in the caller's transaction; it is signed after commit.

    ``obj`` is what the record belongs to (a declaration, a decision, …) or None;
    ``evidence`` is JSON-serialisable data laid out in the PDF and attached to it.
    If the caller's transaction rolls back, the record and its number go with it.
    """
    record_kind = get_kind(kind)
    now = timezone.now()
    year = timezone.localdate(now).year
    number = _next_number(kind, year)
    record = Record.objects.create(
        reference=f"{record_kind.prefix}-{year}-{number:06d}",
        kind=kind,
        year=year,
        number=number,
        title=(title or record_kind.label)[:200],
        subject=subject,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        evidence=_normalise(evidence),
        created_by=actor,
        created_at=now,
    )
    audit_log(
        action=RecordAction.CREATED,
        actor=actor,
        target=record,
        details={"reference": record.reference, "kind": kind, "subject": subject.pk},
    )
    _queue_production(record)
    return record


def record_file_name(record: Record) -> str:
    """Where the record's file lives in storage: the same name however often it is made."""
    return f"records/{record.year}/{record.reference}.pdf"


def _store(name: str, data: bytes) -> None:
    """Write ``data`` under exactly ``name``, replacing what a crashed attempt left."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        raise RuntimeError(f"Storage saved the record as {saved!r} instead of {name!r}")


def record_produce(*, record_id: int) -> bool:
    """Render, sign and store a pending record's PDF; True if it was produced now.

    Safe to run any number of times: a complete record is left alone. The PDF is
    made without holding a lock; the record row is then locked while the file is
    written under its fixed name and the record marked complete, so of two runs
    at once exactly one stores its file and the other stops.
    """
    from .pdfs import make_record_pdf
    from .signing import sign_pdf, signing_identity

    counted = Record.objects.filter(pk=record_id, status=Record.Status.PENDING).update(
        attempts=F("attempts") + 1
    )
    if not counted:
        return False
    record = Record.objects.select_related("subject").get(pk=record_id)
    identity = signing_identity()
    pdf = sign_pdf(make_record_pdf(record), reason=f"Record {record.reference}", identity=identity)
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record_id)
        if record.status != Record.Status.PENDING:
            return False
        name = record_file_name(record)
        _store(name, pdf)
        record.file.name = name
        record.sha256 = hashlib.sha256(pdf).hexdigest()
        record.certificate_fingerprint = identity.fingerprint
        record.status = Record.Status.COMPLETE
        record.completed_at = timezone.now()
        record.error = ""
        record.save(
            update_fields=[
                "file", "sha256", "certificate_fingerprint", "status", "completed_at", "error"
            ]
        )
        audit_log(
            action=RecordAction.SIGNED,
            target=record,
            details={"sha256": record.sha256, "certificate": record.certificate_fingerprint},
        )
    return True


def record_note_error(*, record_id: int, error: str) -> None:
    """Keep the latest error of a record that will be tried again."""
    Record.objects.filter(pk=record_id, status=Record.Status.PENDING).update(error=error[:4000])


@transaction.atomic
def record_fail(*, record_id: int, error: str) -> Record | None:
    """Mark a record that could not be produced after every retry; tell the administrators."""
    record = Record.objects.select_for_update().filter(pk=record_id).first()
    if record is None or record.status != Record.Status.PENDING:
        return record
    record.status = Record.Status.FAILED
    record.error = error[:4000]
    record.save(update_fields=["status", "error"])
    audit_log(action=RecordAction.FAILED, target=record, details={"error": record.error[:500]})
    for administrator in role_holders(RoleKey.ADMINISTRATOR):
        notify(
            recipient=administrator,
            kind="record_failed",
            key=f"record-failed:{record.pk}:{record.attempts}",
            context={"record": record},
            link=reverse("records:failed"),
        )
    return record


@transaction.atomic
def record_retry(*, record: Record, actor, request=None) -> Record:
    """Try again to produce a failed (or stuck) record."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.status == Record.Status.COMPLETE:
        raise RecordStateError(f"Record {record.reference} is already signed.")
    previous = record.status
    record.status = Record.Status.PENDING
    record.save(update_fields=["status"])
    audit_log(
        action=RecordAction.RETRIED,
        actor=actor,
        target=record,
        request=request,
        details={"reference": record.reference, "previous_status": previous, "error": record.error[:500]},
    )
    _queue_production(record)
    return record


def records_queue_waiting(*, older_than_minutes: int = 10, limit: int = 500) -> int:
    """Queue again the pending records whose task seems lost (e.g. the broker was down)."""
    from .tasks import produce_record as produce_record_task

    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    ids = list(
        Record.objects.filter(status=Record.Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        produce_record_task.delay(pk)
    return len(ids)


def record_file_read(*, record: Record, request) -> bytes:
    """The signed PDF of a complete record, for a download that is audited.

    A stored file that no longer matches the SHA-256 recorded when it was signed
    is never handed out: the mismatch is audited and ``RecordIntegrityError`` raised.
    """
    with default_storage.open(record.file.name, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != record.sha256:
        logger.error("Stored file of record %s does not match its SHA-256", record.reference)
        audit_log(action=RecordAction.INTEGRITY_FAILED, request=request, target=record)
        raise RecordIntegrityError(record.reference)
    audit_log(
        action=RecordAction.DOWNLOADED,
        request=request,
        target=record,
        details={"reference": record.reference, "subject": record.subject_id},
    )
    return data
