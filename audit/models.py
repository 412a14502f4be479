"""The audit trail's one table."""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One significant action. Append-only and hash-chained.

    ``hash`` is SHA-256 of the previous event's hash followed by this event's
    canonical content, so changing, removing or re-ordering any event breaks every
    link after it. On PostgreSQL a trigger refuses UPDATE and DELETE outright.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=254, blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, unique=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    # HMAC of ``hash`` under a key kept outside the database (audit/seal.py).
    seal = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_event_target_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def canonical_content(self) -> str:
        """The event's fields as one deterministic JSON string (what the hash covers)."""
        content = {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "details": self.details,
            "ip_address": self.ip_address,
        }
        return json.dumps(
            content, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder
        )

    def compute_hash(self) -> str:
        data = (self.prev_hash + self.canonical_content()).encode()
        return hashlib.sha256(data).hexdigest()
