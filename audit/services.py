"""Writing to the audit trail: the one function that appends an event, and the export."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from kernel.http import client_ip

from .actions import registered_action
from .audit_actions import AuditAction
from .models import GENESIS_HASH, AuditEvent
from .redaction import redact_secrets
from .seal import seal_for
from .selectors import audit_events_filtered

# Any constant works: every writer takes the same PostgreSQL advisory lock, so
# the chain is extended by one transaction at a time and never forks.
AUDIT_CHAIN_LOCK_ID = 7_316_004_211


def _normalise(details: dict | None) -> dict:
    # Store exactly what the hash will cover: JSON round-trip dates, decimals, UUIDs.
    return redact_secrets(json.loads(json.dumps(details or {}, cls=DjangoJSONEncoder)))


@transaction.atomic
def audit_log(
    *,
    action: str,
    actor=None,
    target=None,
    details: dict | None = None,
    request=None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the audit trail, in the caller's transaction.

    ``action`` is a registered action (``audit.actions``); ``target`` is any model
    instance (its type and primary key are recorded); ``request`` supplies the IP
    address and, when no actor is given, the actor.
    """
    key = registered_action(action)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK_ID])
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    event = AuditEvent(
        seq=(last["seq"] + 1) if last else 1,
        prev_hash=last["hash"] if last else GENESIS_HASH,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=actor_label or (actor.email if actor is not None else ""),
        action=key,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        details=_normalise(details),
        ip_address=client_ip(request),
    )
    event.hash = event.compute_hash()
    event.seal = seal_for(event.hash)
    event.save(force_insert=True)
    return event


@transaction.atomic
def audit_events_export(
    *, filters: dict, used_filters: dict, actor, request=None
) -> tuple[QuerySet[AuditEvent], int]:
    """Start an export: record who exported what, and return ``(events, row_count)``.

    The export covers the events that exist now; events written while it streams
    (its own record included) are left out, so the recorded count is exact.
    """
    last_seq = AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0
    events = audit_events_filtered(filters).filter(seq__lte=last_seq)
    rows = events.count()
    audit_log(
        action=AuditAction.EXPORTED,
        actor=actor,
        request=request,
        details={"filters": used_filters, "rows": rows, "up_to_seq": last_seq},
    )
    return events, rows
