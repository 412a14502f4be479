"""Policies, their versions, the kinds of declaration, what each person owes, and signatures."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from kernel.device_kinds import DeviceKind
from staff.models import Role, StaffType, Team


class Policy(models.Model):
    """A policy document, e.g. 'Use of IT, communications and social media'."""

    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    owner_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The role that owns and reviews this policy.",
    )
    review_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("declarations:policy", args=[self.slug])

    def current_version(self):
        """The newest published version (cached on the instance)."""
        if not hasattr(self, "_current_version"):
            self._current_version = (
                self.versions.filter(status=PolicyVersion.Status.PUBLISHED)
                .order_by("-published_at", "-pk")
                .first()
            )
        return self._current_version


# The largest original document accepted; a stored file any larger cannot be one uploaded.
ORIGINAL_FILE_MAX_BYTES = 10 * 1024 * 1024


def original_file_name(instance, filename: str) -> str:
    """Where an uploaded original is stored: a name of its own, never one already used.

    Uploads often share a name ("policy.pdf"); a bucket that overwrites on save
    would otherwise put a new version's file in place of an older version's.
    """
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"policies/{uuid.uuid4().hex}{extension}"


class PolicyVersion(models.Model):
    """One version of a policy. Once published it never changes: a correction is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.CharField(max_length=20, help_text="For example 5.0 or 2026.1")
    effective_date = models.DateField()
    summary_of_changes = models.TextField(blank=True)
    body_markdown = models.TextField(help_text="The policy text, in Markdown.")
    original_file = models.FileField(upload_to=original_file_name, blank=True)
    original_sha256 = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text="SHA-256 of the original document as uploaded; blank if none was recorded.",
    )
    material_change = models.BooleanField(
        default=False,
        help_text="Everyone in the audience must declare again within the grace period.",
    )
    grace_days = models.PositiveSmallIntegerField(default=28)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    body_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["policy", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Cycle(models.TextChoices):
    ANNUAL_FROM_LAST = "annual_from_last", "Every year from the last signature"
    FIXED_DATE = "fixed_date", "Every year by a fixed date"
    PER_VERSION = "per_version", "Once for each version of the policy"


class DeclarationKind(models.Model):
    """A kind of declaration: what is confirmed, by whom, and how often."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="declaration_kinds")
    cycle = models.CharField(max_length=20, choices=Cycle.choices, default=Cycle.ANNUAL_FROM_LAST)
    fixed_month = models.PositiveSmallIntegerField(null=True, blank=True)
    fixed_day = models.PositiveSmallIntegerField(null=True, blank=True)
    audience_everyone = models.BooleanField(default=True)
    audience_staff_types = models.JSONField(
        default=list, blank=True, help_text="Staff type keys; empty means any staff type."
    )
    audience_teams = models.ManyToManyField(Team, blank=True, related_name="+")
    device_kinds_held = models.JSONField(
        "kinds of device held",
        default=list,
        blank=True,
        help_text="Holders of these kinds of device owe it yearly while they hold one; "
        "empty means holding a device does not matter.",
    )
    device_kinds_before_issue = models.JSONField(
        "kinds of device it must come before",
        default=list,
        blank=True,
        help_text="It must be signed before a device of one of these kinds is issued.",
    )
    new_starter_grace_days = models.PositiveSmallIntegerField(default=14)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(cycle="fixed_date")
                | (Q(fixed_month__isnull=False) & Q(fixed_day__isnull=False)),
                name="declaration_kind_fixed_date_complete",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def device_kind_labels(self, field: str = "device_kinds_held") -> list[str]:
        labels = dict(DeviceKind.choices)
        return [labels.get(key, key) for key in getattr(self, field)]

    def staff_type_labels(self) -> list[str]:
        labels = dict(StaffType.choices)
        return [labels.get(key, key) for key in self.audience_staff_types]


class Statement(models.Model):
    """A sentence the person confirms by ticking it."""

    kind = models.ForeignKey(DeclarationKind, on_delete=models.CASCADE, related_name="statements")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ComprehensionQuestion(models.Model):
    """A short check that the person understood a point of the policy."""

    kind = models.ForeignKey(DeclarationKind, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    question = models.TextField()
    explanation = models.TextField(help_text="Shown after a wrong answer.")

    class Meta:
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.question[:80]


class Choice(models.Model):
    question = models.ForeignKey(ComprehensionQuestion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class RequirementQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(status=Requirement.Status.DUE)


class Requirement(models.Model):
    """What one person owes: one declaration of one kind for one cycle, by a date.

    ``cycle_key`` names the cycle (e.g. ``2026`` for a fixed annual date,
    ``v12`` for policy version 12, ``from:2025-04-03`` for a year after a
    signature); a person has at most one requirement per kind and cycle.
    """

    class Status(models.TextChoices):
        DUE = "due", "Due"
        SIGNED = "signed", "Signed"
        SUPERSEDED = "superseded", "No longer needed (replaced)"
        LAPSED = "lapsed", "No longer needed (left or out of audience)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declaration_requirements")
    kind = models.ForeignKey(DeclarationKind, on_delete=models.PROTECT, related_name="requirements")
    cycle_key = models.CharField(max_length=40)
    version = models.ForeignKey(PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DUE)
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "cycle_key"], name="requirement_one_per_cycle"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["kind", "status"]),
            # Who holds a declaration of a kind (the compliance figures), read from
            # the index alone.
            models.Index(
                fields=["kind", "user"],
                condition=Q(status__in=["due", "signed"]),
                name="requirement_held",
            ),
            # The years a line manager's people had declarations due (the compliance
            # page's cycles), read from the index alone.
            models.Index(
                fields=["user", "due_date"],
                condition=Q(status__in=["due", "signed"]),
                name="requirement_owed_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user} ({self.cycle_key})"

    @property
    def effective_due_date(self):
        """The due date after any extension."""
        return self.extended_to or self.due_date


class Standing(models.Model):
    """Where one person stands with the declarations they owe, as the compliance figures
    read it. With a kind: they are in its audience and owe or have signed one of its
    declarations, and ``due_on`` is when the one they owe is due, after any extension
    (empty when they owe none). Without a kind: the same across every kind in use,
    ``due_on`` being the earliest they owe.

    Derived from the requirements and never edited by hand: the requirement engine
    rewrites a person's standings with every change it makes to their requirements
    (``requirements.standings_refresh``), as do the services that sign a declaration
    and extend a requirement, and the nightly refresh rewrites everyone's. The
    figures of a force of 10,000 read about 40,000 of these rows rather than the
    100,000 requirements piled up over the years, and count each person once without
    merging their kinds on every request.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey(
        DeclarationKind, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "user"], name="standing_one_per_kind"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(kind__isnull=True), name="standing_one_across_kinds"
            ),
        ]

    def __str__(self) -> str:
        owed = f"due {self.due_on:%Y-%m-%d}" if self.due_on else "nothing owed"
        return f"{self.kind or 'Every declaration'} for {self.user}: {owed}"


class Declaration(models.Model):
    """A signed declaration, with the evidence of what was shown and how the person proved who they were."""

    requirement = models.OneToOneField(Requirement, on_delete=models.PROTECT, related_name="declaration")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations")
    kind = models.ForeignKey(DeclarationKind, on_delete=models.PROTECT, related_name="declarations")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="declarations")
    statements = models.JSONField(help_text="The statements confirmed, exactly as shown.")
    text_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the policy text and statements shown.")
    typed_name = models.CharField(max_length=150)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    authentication = models.JSONField(default=list, help_text="How the person had proved who they were.")
    record = models.ForeignKey(
        "records.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["kind", "signed_at"]), models.Index(fields=["user", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} signed by {self.user} on {self.signed_at:%Y-%m-%d}"
