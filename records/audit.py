"""Reading the audit trail: actions in plain words, the viewer's filters and the CSV export."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from django import forms
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.csvexport import csv_lines
from staff.models import Role

from .models import AuditEvent
from .services import audit_log, redact_secrets

# Who may read the audit trail: the auditor, the administrator and the chief executive.
AUDIT_READERS = (Role.ADMINISTRATOR, Role.AUDITOR, Role.CHIEF_EXECUTIVE)

# Every action the portal records, in the words people use. An action missing
# here is still shown, spelled out from its key ("declaration.submitted" reads
# "Declaration submitted").
ACTION_LABELS = {
    "auth.signed_in": "Signed in",
    "auth.sign_in_failed": "Sign-in failed",
    "auth.signed_out": "Signed out",
    "mfa.added": "Two-factor authentication method added",
    "mfa.removed": "Two-factor authentication method removed",
    "mfa.reset": "Recovery codes regenerated",
    "role.assigned": "Role assigned",
    "role.removed": "Role removed",
    "staff.created": "Staff member added",
    "staff.changed": "Staff details changed",
    "staff.deactivated": "Staff member deactivated",
    "staff.reactivated": "Staff member reactivated",
    "staff.imported": "Staff imported",
    "authority_matrix.changed": "Authority matrix changed",
    "access.denied": "Access refused",
    "audit.exported": "Audit trail exported",
}

TARGET_TYPE_LABELS = {"staff.user": "Person"}

SUMMARY_LENGTH = 160
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def action_label(action: str) -> str:
    """The action in plain words."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


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


class AuditFilterForm(forms.Form):
    """The viewer's filters. Every field is optional; dates are UK dates."""

    actor = forms.CharField(
        label="Person",
        required=False,
        max_length=254,
        help_text="Part of the email address of the person who acted.",
    )
    action = forms.ChoiceField(label="Action", required=False)
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    target_type = forms.ChoiceField(label="Target type", required=False)
    target_id = forms.CharField(label="Target ID", required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action")] + action_choices()
        self.fields["target_type"].choices = [("", "Any type")] + target_type_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned

    def used_filters(self) -> dict:
        """The filters in use, as plain values (what the export records)."""
        if not self.is_valid():
            return {}
        return {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }


def action_choices() -> list[tuple[str, str]]:
    """Every known action and every action already recorded, sorted by their words."""
    keys = set(ACTION_LABELS) | set(_distinct_values("action"))
    return sorted(((key, action_label(key)) for key in keys), key=lambda choice: choice[1])


def target_type_choices() -> list[tuple[str, str]]:
    """Each kind of target the trail mentions."""
    recorded = [key for key in _distinct_values("target_type") if key]
    return sorted(((key, target_type_label(key)) for key in recorded), key=lambda c: c[1])


def _distinct_values(field_name: str) -> list[str]:
    """The distinct values of an indexed column, one index look-up per value.

    SELECT DISTINCT would read every event (150,000 in a large force's first two
    years); the trail has a few dozen actions and types. The recursive query
    jumps from each value to the next one in the column's index (``action`` has
    its own, ``target_type`` leads the target index). PostgreSQL and SQLite both
    run it.
    """
    # Only the model's own table and column names are spliced in.
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    column = connection.ops.quote_name(AuditEvent._meta.get_field(field_name).column)
    sql = (
        f"WITH RECURSIVE found(value) AS ("  # noqa: S608
        f"SELECT MIN({column}) FROM {table} "
        f"UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value) "
        f"FROM found WHERE found.value IS NOT NULL"
        f") SELECT value FROM found WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events_filtered(filters: dict) -> QuerySet[AuditEvent]:
    """Events matching the viewer's cleaned filters, newest first."""
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    if filters.get("actor"):
        events = events.filter(
            Q(actor_label__icontains=filters["actor"]) | Q(actor__email__icontains=filters["actor"])
        )
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("date_from"):
        events = events.filter(occurred_at__gte=_start_of_day(filters["date_from"]))
    if filters.get("date_to"):
        next_day = filters["date_to"] + dt.timedelta(days=1)
        events = events.filter(occurred_at__lt=_start_of_day(next_day))
    if filters.get("target_type"):
        events = events.filter(target_type=filters["target_type"])
    if filters.get("target_id"):
        events = events.filter(target_id=filters["target_id"].strip())
    return events


def get_audit_event_for_user(user, pk: int) -> AuditEvent:
    """The event if this person may read the audit trail; otherwise 404."""
    if not user.has_role(*AUDIT_READERS):
        raise Http404
    return get_object_or_404(AuditEvent.objects.select_related("actor"), pk=pk)


def audit_event_neighbours(event: AuditEvent) -> dict[str, AuditEvent | None]:
    """The events just before and after this one in the chain."""
    around = {e.seq: e for e in AuditEvent.objects.filter(seq__in=[event.seq - 1, event.seq + 1])}
    return {"previous": around.get(event.seq - 1), "next": around.get(event.seq + 1)}


@transaction.atomic
def audit_events_export(*, filters: dict, used_filters: dict, actor, request=None):
    """Start an export: record who exported what, and return ``(events, row_count)``.

    The export covers the events that exist now; events written while it streams
    (its own record included) are left out, so the recorded count is exact.
    """
    last_seq = AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0
    events = audit_events_filtered(filters).filter(seq__lte=last_seq)
    rows = events.count()
    audit_log(
        action="audit.exported",
        actor=actor,
        request=request,
        details={"filters": used_filters, "rows": rows, "up_to_seq": last_seq},
    )
    return events, rows


# --- CSV export ---------------------------------------------------------------

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


def _row(event: AuditEvent) -> list[str]:
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
    yield from csv_lines(_row(event) for event in events.iterator(chunk_size=2000))
