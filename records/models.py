"""Signed PDF records and their reference numbers."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone


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
