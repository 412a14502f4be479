"""The audit trail and signed PDF records."""

import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone

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

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["actor", "occurred_at"]),
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


class RecordSequence(models.Model):
    """The last reference number given to a kind of record in a year.

    The row is locked while a record is created, so numbers follow each other
    without gaps or duplicates however many records are created at once.
    """

    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="record_sequence_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class RecordQuerySet(models.QuerySet):
    def complete(self):
        return self.filter(status=Record.Status.COMPLETE)


class Record(models.Model):
    """A signed PDF record of a declaration, decision, leaver case or other evidence.

    Created (pending) in the same transaction as what it records; a background
    task renders and signs the PDF, stores it and marks the record complete.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        COMPLETE = "complete", "Signed"
        FAILED = "failed", "Failed"

    reference = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="records"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(max_length=64, blank=True)
    obj = GenericForeignKey("content_type", "object_id")
    evidence = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    file = models.FileField(max_length=200, blank=True, editable=False)
    sha256 = models.CharField("SHA-256 of the file", max_length=64, blank=True, db_index=True)
    certificate_fingerprint = models.CharField(
        "signing certificate fingerprint (SHA-256)", max_length=64, blank=True, db_index=True
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="record_kind_year_number")
        ]
        indexes = [
            models.Index(fields=["subject", "-created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("records:detail", args=[self.reference])

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE
