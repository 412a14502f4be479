"""Reading the audit trail: filtered events, one event and its neighbours, what was recorded."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .authorizers import may_read_audit
from .models import AuditEvent


def recorded_values(field_name: str) -> list[str]:
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
        # People are matched in the staff table, not by joining it to every event.
        people = get_user_model().objects.filter(email__icontains=filters["actor"]).values("pk")
        events = events.filter(Q(actor_label__icontains=filters["actor"]) | Q(actor__in=people))
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
    if not may_read_audit(user):
        raise Http404
    return get_object_or_404(AuditEvent.objects.select_related("actor"), pk=pk)


def audit_event_neighbours(event: AuditEvent) -> dict[str, AuditEvent | None]:
    """The events just before and after this one in the chain."""
    around = {e.seq: e for e in AuditEvent.objects.filter(seq__in=[event.seq - 1, event.seq + 1])}
    return {"previous": around.get(event.seq - 1), "next": around.get(event.seq + 1)}


def audit_events_about(target, *, limit: int = 15) -> list[AuditEvent]:
    """The most recent events whose target is ``target`` (any model instance)."""
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .select_related("actor")
        .order_by("-seq")[:limit]
    )


def latest_audit_event(action: str) -> AuditEvent | None:
    """The most recent event of one action, with its actor, or None."""
    return (
        AuditEvent.objects.filter(action=str(action)).select_related("actor").order_by("-seq").first()
    )
