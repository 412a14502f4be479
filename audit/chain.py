"""Checking the hash chain: every event points at the one before and matches its hash."""

from __future__ import annotations

from dataclasses import dataclass

from .models import GENESIS_HASH, AuditEvent
from .seal import seal_matches, sealing_enabled


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
    """Walk the whole chain in order and report the first broken link.

    With a key configured, seals are checked too: a wrong seal, or a missing one
    after sealing began, means the chain was rebuilt by someone without the key.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    sealing_began = False
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
        sealing_began = sealing_began or bool(event.seal)
        if sealing_enabled() and sealing_began and not seal_matches(event.hash, event.seal):
            reason = "its seal does not match" if event.seal else "it is not sealed"
            return ChainReport(
                checked, event.seq, f"{reason}: the chain was rebuilt without the key", event
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked)
