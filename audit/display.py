"""How events are shown: targets and details in plain words, as JSON, and as CSV.

Used by the audit pages, their template filters and the export; nothing here
reads or writes the database except to name a kind of target.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils import timezone

from kernel.csvexport import csv_lines

from .actions import action_label
from .models import AuditEvent
from .redaction import redact_secrets

TARGET_TYPE_LABELS = {"staff.user": "Person"}

SUMMARY_LENGTH = 160
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def target_type_label(target_type: str) -> str:
    """What kind of thing a target is, e.g. "Person" for ``staff.user``."""
    if not target_type:
        return ""
    if target_type in TARGET_TYPE_LABELS:
        return TARGET_TYPE_LABELS[target_type]
    try:
        name = str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type
    return name[:1].upper() + name[1:]


def _plain(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) or "none"
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return _uk_date(value)
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            return f"{_plain(value['from'])} → {_plain(value['to'])}"
        return "; ".join(f"{_key(k)}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _uk_date(text: str) -> str:
    try:
        return f"{dt.date.fromisoformat(text):%-d %b %Y}"
    except ValueError:
        return text


def _key(name) -> str:
    words = str(name).replace("_", " ")
    return words[:1].upper() + words[1:]


def details_for_display(details) -> dict:
    """The stored details, with anything secret-looking hidden (older events included)."""
    return redact_secrets(details if isinstance(details, dict) else {"value": details})


def details_summary(details, length: int = SUMMARY_LENGTH) -> str:
    """The details on one line, e.g. "Role: auditor; Starts on: 2026-01-05"."""
    text = "; ".join(f"{_key(k)}: {_plain(v)}" for k, v in details_for_display(details).items())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def details_json(details) -> str:
    """The details as indented JSON, for the event page and the export."""
    return json.dumps(details_for_display(details), indent=2, sort_keys=True, cls=DjangoJSONEncoder)


CSV_HEADER = [
    "Sequence",
    "Time (UTC)",
    "Time (UK)",
    "Actor",
    "Action",
    "Action key",
    "Target type",
    "Target ID",
    "Target",
    "Details",
    "IP address",
    "Previous hash",
    "Hash",
]


def _csv_row(event: AuditEvent) -> list[str]:
    local = timezone.localtime(event.occurred_at)
    return [
        event.seq,
        event.occurred_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        local.isoformat(timespec="seconds"),
        event.actor_label,
        action_label(event.action),
        event.action,
        event.target_type,
        event.target_id,
        event.target_label,
        json.dumps(details_for_display(event.details), sort_keys=True, cls=DjangoJSONEncoder),
        event.ip_address or "",
        event.prev_hash,
        event.hash,
    ]


def audit_csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    """The events as CSV text, one line at a time, header first."""
    yield from csv_lines([CSV_HEADER])
    yield from csv_lines(_csv_row(event) for event in events.iterator(chunk_size=2000))
