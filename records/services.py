"""Writing to and checking the audit trail."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditEvent

# Any constant works: every writer takes the same PostgreSQL advisory lock, so
# the chain is extended by one transaction at a time and never forks.
AUDIT_CHAIN_LOCK_ID = 7_316_004_211


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


# Details whose name looks like any of these never reach the trail (nor the viewer).
SECRET_NAME = re.compile(
    r"pass(word|wd|phrase|code)|secret|token|session_?key|sessionid|csrf|(^|_)otp($|_)|"
    r"recovery_?code|private_?key|credential|api_?key",
    re.IGNORECASE,
)
REDACTED = "[hidden]"


def _is_secret(key, item) -> bool:
    # A flag such as ``password_changed: true`` says nothing secret.
    if item is None or item == "" or isinstance(item, bool):
        return False
    return SECRET_NAME.search(str(key)) is not None


def redact_secrets(value):
    """``value`` with anything stored under a secret-looking name replaced by a marker."""
    if isinstance(value, dict):
        return {
            key: REDACTED if _is_secret(key, item) else redact_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_secrets(item) for item in value]
    return value


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

    ``target`` is any model instance (its type and primary key are recorded);
    ``request`` supplies the IP address and, when no actor is given, the actor.
    """
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
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        details=_normalise(details),
        ip_address=_client_ip(request),
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


@dataclass
class ChainReport:
    """The outcome of a chain walk: how many events were intact, and the first break.

    ``event`` is the first event found out of place (for a missing event, the one
    that follows the gap); ``None`` when the chain is intact.
    """

    checked: int
    broken_seq: int | None = None
    reason: str = ""
    event: AuditEvent | None = None

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def audit_chain_verify(*, chunk_size: int = 5000) -> ChainReport:
    """Walk the whole chain in order and report the first broken link."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if event.seq != expected_seq:
            missing = (
                f"event #{expected_seq} is missing"
                if event.seq == expected_seq + 1
                else f"events #{expected_seq} to #{event.seq - 1} are missing"
            )
            return ChainReport(checked, expected_seq, missing, event)
        if event.prev_hash != expected_prev:
            return ChainReport(
                checked, event.seq, "it does not point at the previous event's hash", event
            )
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "its content does not match its hash", event)
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked)
