"""Sealing each audit event with a key kept outside the database.

The hash chain shows that events were changed, removed or re-ordered, but
someone who can write to the database could rebuild every hash after a change.
Each event therefore also carries a seal: HMAC-SHA256 of its hash under
``AUDIT_CHAIN_KEY``, which lives in the environment (or, embedded, in var/), not
in the database. Rebuilding the chain without the key leaves seals that do not
match. A keyed chain was chosen over periodic signed checkpoints because it
covers every event the moment it is written, not only those before the last
checkpoint, and costs one HMAC per event.

Events written before sealing began carry no seal; once the first sealed event
exists, every later one must be sealed.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def sealing_enabled() -> bool:
    return bool(settings.AUDIT_CHAIN_KEY)


def seal_for(event_hash: str) -> str:
    """The seal of an event with this hash, or "" when no key is configured."""
    if not sealing_enabled():
        return ""
    key = settings.AUDIT_CHAIN_KEY.encode()
    return hmac.new(key, event_hash.encode(), hashlib.sha256).hexdigest()


def seal_matches(event_hash: str, seal: str) -> bool:
    return hmac.compare_digest(seal_for(event_hash), seal)
