"""Requests, the steps that decide them, and the work that follows.

A request is raised by a member of staff (the requester), may affect someone else
(the mailbox holder, the person to be monitored), and is decided by steps copied
from the authority matrix when it is submitted. Each step decides, is consulted
(records advice and cannot refuse) or is told (acknowledges a report). Who acts on
a step is resolved when the step opens: a role's holders, or the requester's line
manager, never the requester or the person the request affects.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class RequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Request.OPEN_STATUSES)


class Request(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting decision"
        MORE_INFORMATION = "more_information", "More information needed"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"
        COMPLETED = "completed", "Completed"

    # Still waiting on someone: the requester or a decision maker.
    OPEN_STATUSES = (Status.SUBMITTED, Status.MORE_INFORMATION)
    # Decided or ended: nothing about the request changes any more except tasks.
    FINAL_STATUSES = (Status.REFUSED, Status.WITHDRAWN, Status.EXPIRED, Status.COMPLETED)

    type_key = models.CharField("type", max_length=60, db_index=True)
    decision_key = models.CharField(max_length=80, blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requests_raised"
    )
    affected = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests_affecting",
        help_text="The person the request is about, when it is not the requester.",
    )
    answers = models.JSONField(default=dict)
    summary = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField("valid from", null=True, blank=True)
    ends_on = models.DateField("valid until", null=True, blank=True)
    late = models.BooleanField(default=False, help_text="Raised inside the notice period.")
    information_requested = models.TextField(blank=True)
    internal_investigation = models.BooleanField(default=False)
    investigation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    record = models.ForeignKey(
        "records.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "type_key"], name="request_status_type"),
            models.Index(fields=["requester", "status"], name="request_requester_status"),
            models.Index(fields=["affected", "status"], name="request_affected_status"),
            models.Index(fields=["-submitted_at", "-id"], name="request_submitted"),
            models.Index(fields=["status", "ends_on"], name="request_status_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.summary or self.type_key}"

    def get_absolute_url(self) -> str:
        if self.status == self.Status.DRAFT:
            return reverse("approvals:request_check", args=[self.pk])
        return reverse("approvals:request_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return self.reference_of(self.pk) if self.pk else "REQ-new"

    @staticmethod
    def reference_of(pk: int) -> str:
        return f"REQ-{pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class StepQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Step.Status.OPEN)


class Step(models.Model):
    class Action(models.TextChoices):
        DECIDE = "decide", "Decides"
        CONSULT = "consult", "Is consulted"
        NOTIFY = "notify", "Is told"

    class Status(models.TextChoices):
        WAITING = "waiting", "Not started"
        OPEN = "open", "Waiting for them"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        ADVISED = "advised", "Advice given"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CANCELLED = "cancelled", "Not needed"

    DONE_STATUSES = (Status.APPROVED, Status.ADVISED, Status.ACKNOWLEDGED)

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.DECIDE)
    line_manager = models.BooleanField(
        default=False, help_text="The requester's line manager acts, rather than a role."
    )
    role = models.ForeignKey("staff.Role", null=True, blank=True, on_delete=models.PROTECT)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The one person who acts (a line manager), when not a role's holders.",
    )
    clause = models.CharField(max_length=80, blank=True)
    review_needed = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    opened_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    fallback = models.BooleanField(
        default=False,
        help_text="Everyone who would normally act was excluded, so the fallback acts.",
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["request", "order", "pk"]
        indexes = [
            models.Index(fields=["status", "role"], name="step_status_role"),
            models.Index(fields=["status", "assignee"], name="step_status_assignee"),
            models.Index(fields=["status", "due_on"], name="step_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(line_manager=False) | Q(role__isnull=True) | Q(fallback=True),
                name="step_line_manager_or_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.who}"

    @property
    def who(self) -> str:
        if self.assignee_id and self.line_manager:
            return f"{self.assignee} (line manager)"
        if self.assignee_id:
            return str(self.assignee)
        if self.line_manager and not self.role_id:
            return "The requester's line manager"
        return str(self.role) if self.role_id else "Nobody set"

    @property
    def is_done(self) -> bool:
        return self.status in self.DONE_STATUSES


class Delegation(models.Model):
    """Someone decides for a decision maker while they are away, between two dates."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_given"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_received"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=models.F("delegate")), name="delegation_not_to_oneself"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_dates_in_order"
            ),
        ]
        indexes = [models.Index(fields=["delegate", "ends_on"], name="delegation_delegate_ends")]

    def __str__(self) -> str:
        return f"{self.delegate} for {self.person}, {self.starts_on} to {self.ends_on}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.cancelled_at is None and self.starts_on <= on <= self.ends_on


class Comment(models.Model):
    """A comment the requester sees, or an internal note for decision makers and auditors."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{'Note' if self.internal else 'Comment'} by {self.author} on {self.request.reference}"


def attachment_path(instance, filename: str) -> str:
    # The stored name says nothing about the file; its own name is kept in the row.
    return f"approvals/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Task.Status.OPEN)


class Task(models.Model):
    """Work someone must do: grant mailbox access, remove it at the end date, …

    Owned by one person or by a role (any holder may do it). ``key`` makes creating
    a task idempotent: the same key never makes a second task.
    """

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Not needed"

    key = models.CharField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_role = models.ForeignKey("staff.Role", null=True, blank=True, on_delete=models.PROTECT)
    due_on = models.DateField(null=True, blank=True)
    request = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "owner_role", "due_on"], name="task_status_role"),
            models.Index(fields=["status", "owner", "due_on"], name="task_status_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(owner_role__isnull=False),
                name="task_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("approvals:task_detail", args=[self.pk])

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else str(self.owner_role)
