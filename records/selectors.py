"""Finding signed records for the people allowed to see them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .authorizers import can_see_record
from .models import Record


def get_record_for_user(user, pk_or_reference: int | str) -> Record:
    """The record, if ``user`` may see it; otherwise 404 (whether or not it exists)."""
    records = Record.objects.select_related("subject")
    key = str(pk_or_reference).strip()
    record = (
        records.filter(pk=int(key)).first()
        if key.isdigit()
        else records.filter(reference__iexact=key).first()
    )
    if record is None or not can_see_record(user, record):
        raise Http404("No such record")
    return record


def records_of(user):
    """The records about ``user``, newest first."""
    return Record.objects.filter(subject=user).order_by("-created_at", "-pk")


def records_needing_attention():
    """Records that failed, and records still waiting well after they were made."""
    stuck = timezone.now() - dt.timedelta(minutes=15)
    return (
        Record.objects.filter(
            Q(status=Record.Status.FAILED)
            | Q(status=Record.Status.PENDING, created_at__lt=stuck)
        )
        .select_related("subject")
        .order_by("-created_at")
    )


def record_by_reference(reference: str) -> Record | None:
    return Record.objects.select_related("subject").filter(reference__iexact=reference.strip()).first()


def record_by_sha256(sha256: str) -> Record | None:
    return (
        Record.objects.select_related("subject")
        .filter(sha256=sha256, status=Record.Status.COMPLETE)
        .first()
    )
