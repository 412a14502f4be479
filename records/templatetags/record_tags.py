"""Laying out a record's evidence the way a person reads it."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils.dateparse import parse_date, parse_datetime

from records.signing import format_fingerprint

register = template.Library()

LABELS = {
    "ip_address": "IP address",
    "user_agent": "Browser (user agent)",
    "text_sha256": "SHA-256 of the text shown",
    "sha256": "SHA-256",
    "typed_name": "Name typed",
    "signed_at": "Signed at",
    "decided_at": "Decided at",
    "decided_by": "Decided by",
    "authenticated_by": "How they proved who they were",
    "authentication": "How they proved who they were",
    "policy_version": "Policy version",
}

# Keys in the order a reader expects (who, what, when, how, the decision); others
# follow alphabetically, so the layout is the same whatever order the database keeps.
KEY_ORDER = [
    "name", "title", "summary", "person", "who", "what", "request", "policy",
    "policy_version", "version", "text_sha256", "statement", "statements", "when", "signed_at", "typed_name",
    "ip_address", "user_agent", "authentication", "authenticated_by", "decision",
    "reason", "decided_by", "decided_at", "authority",
]

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HASH_LIKE = re.compile(r"^[0-9a-fA-F]{32,}$")


def label_for(key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@register.filter
def as_utc(value: dt.datetime | None) -> str:
    """``14 March 2026, 09:03:22 UTC``."""
    if value is None:
        return ""
    value = value.astimezone(dt.UTC)
    return f"{value.day} {value:%B %Y, %H:%M:%S} UTC"


def format_value(value) -> str:
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        if ISO_DATETIME.match(value) and (moment := parse_datetime(value)):
            return as_utc(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))
        if ISO_DATE.match(value) and (day := parse_date(value)):
            return f"{day.day} {day:%B %Y}"
    if isinstance(value, dict):
        return "; ".join(f"{label_for(k)}: {format_value(v)}" for k, v in _ordered(value))
    return str(value)


def _ordered(mapping: dict):
    rank = {key: i for i, key in enumerate(KEY_ORDER)}
    return sorted(mapping.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def _row(key: str, value) -> dict:
    row = {"label": label_for(key), "is_list": isinstance(value, list)}
    if isinstance(value, list):
        row["entries"] = [format_value(item) for item in value]
    else:
        row["value"] = format_value(value)
        row["code"] = isinstance(value, str) and bool(HASH_LIKE.match(value))
    return row


@register.filter
def evidence_sections(evidence: dict | None) -> list[dict]:
    """The evidence as sections of labelled rows.

    Each nested object becomes a section under its own heading; plain values
    share one untitled section, placed where the first of them falls in the
    reading order; lists become bulleted items.
    """
    sections, general = [], None
    for key, value in _ordered(evidence or {}):
        if isinstance(value, dict):
            rows = [_row(k, v) for k, v in _ordered(value)]
            sections.append({"heading": label_for(key), "rows": rows})
        elif general is None:
            general = {"heading": "", "rows": [_row(key, value)]}
            sections.append(general)
        else:
            general["rows"].append(_row(key, value))
    return sections


@register.filter
def fingerprint(value: str) -> str:
    return format_fingerprint(value) if value else ""
