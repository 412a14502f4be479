"""Notifications: what a person is told, in the portal and by email."""

from datetime import datetime

from django.conf import settings
from django.db import models


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_lost(self, *, queued_before: datetime):
        """Emails still waiting although nothing has tried to send them since ``queued_before``.

        Their task was lost (a broker outage when it was queued, or a worker killed
        on a broker that cannot give the message back).
        """
        return self.filter(
            email_status=Notification.EmailStatus.PENDING, email_queued_at__lt=queued_before
        )


class Notification(models.Model):
    """One message to one person. ``idempotency_key`` makes sending it twice impossible."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NOT_SENT = "not_sent", "Not sent by email"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=80)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # When the email task was last queued or retried: a pending email left alone
    # for longer than the longest retry delay has lost its task.
    email_queued_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=500, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "email_queued_at"]),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def summary(self) -> str:
        """The first paragraph of the text that says something (the greeting is skipped)."""
        paragraphs = [p.strip() for p in self.body_text.split("\n\n") if p.strip()]
        if paragraphs and _is_greeting(paragraphs[0]):
            paragraphs = paragraphs[1:]
        return " ".join(paragraphs[0].split()) if paragraphs else ""


def _is_greeting(paragraph: str) -> bool:
    return "\n" not in paragraph and paragraph.endswith(",") and len(paragraph) < 80
