"""Leaver cases: everything a person who is leaving holds, closed item by item.

A case is opened by the leaver's line manager (or a manager above), an
administrator or human resources, with the last working day. Opening it builds
a checklist from what the person holds: each **item** is a task in the one task
list the requests use (``approvals.Task``), with an owner and a due date, so the
IT service desk, the communications team and the manager see their part among
their other work. When every item is done the manager signs the case off (the
manager's own manager when the manager opened it), which makes a signed PDF
record of every item, who did it and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class LeaverCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=LeaverCase.Status.OPEN)


class LeaverCase(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SIGNED_OFF = "signed_off", "Signed off"
        CANCELLED = "cancelled", "Cancelled"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leaver_cases"
    )
    last_day = models.DateField("last working day")
    reason = models.CharField("reason for leaving", max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    record = models.ForeignKey(
        "records.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = LeaverCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="open"), name="leaver_case_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} leaving on {self.last_day:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("leavers:case_detail", args=[self.pk])


class CaseItem(models.Model):
    """One line of a case's checklist, carried out as a task in the one task list."""

    class What(models.TextChoices):
        DISABLE_ACCOUNTS = "disable_accounts", "Disable network and email accounts"
        DEVICE = "device", "Device recovered or recorded lost"
        MAILBOX = "mailbox", "Mailbox continuity"
        ACCOUNT_OWNED = "account_owned", "Register account they own"
        ACCOUNT_ACCESS = "account_access", "Register account they could reach"
        REQUESTS = "requests", "Their open requests withdrawn"
        STEPS = "steps", "Decisions waiting on them reassigned"

    class Outcome(models.TextChoices):
        RECOVERED = "recovered", "Recovered"
        LOST = "lost", "Recorded lost or stolen"

    case = models.ForeignKey(LeaverCase, on_delete=models.CASCADE, related_name="items")
    task = models.OneToOneField(
        "approvals.Task", on_delete=models.PROTECT, related_name="leaver_item"
    )
    what = models.CharField(max_length=20, choices=What.choices)
    device = models.ForeignKey(
        "devices.Device", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        "accounts_registry.Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delegation = models.ForeignKey(
        "approvals.Delegation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The delegation that passed their waiting decisions to their manager.",
    )
    outcome = models.CharField(
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text="For a device: what became of it.",
    )

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.task.title
