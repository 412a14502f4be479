"""People, teams, roles and the authority matrix."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kernel.device_kinds import DeviceKind
from kernel.platforms import OwnerKind, Platform


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    TEMPORARY = "temporary", "Temporary"
    AGENCY = "agency", "Agency"
    CONTRACTOR = "contractor", "Contractor"
    VOLUNTEER = "volunteer", "Volunteer"
    WORK_EXPERIENCE = "work_experience", "Work experience"
    BOARD_MEMBER = "board_member", "Board member"


class UserQuerySet(models.QuerySet):
    def current(self):
        """People who may sign in today: active and not past their leaving date."""
        today = timezone.localdate()
        return self.filter(is_active=True).filter(
            Q(leaving_date__isnull=True) | Q(leaving_date__gte=today)
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("A work email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("full_name", "Administrator")
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. The work email is how they sign in."""

    email = models.EmailField("work email", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    staff_type = models.CharField(
        max_length=20, choices=StaffType.choices, default=StaffType.PERMANENT
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="direct_reports"
    )
    start_date = models.DateField(null=True, blank=True)
    leaving_date = models.DateField(null=True, blank=True)
    mailbox_nominee = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="mailbox continuity nominee",
        help_text="Another person who can reach this work mailbox when its holder is away.",
    )
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField(
        "Django admin access",
        default=False,
        help_text="Allows signing in to the technical administration site.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    session_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised to end every session of this person at once.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["is_active", "full_name"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("staff:detail", args=[self.pk])

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self) -> str:
        """Django's check that a session still belongs to this person, with ``session_version``.

        Django stores this value in the session at sign-in and signs the session
        out when it no longer matches, as it does after a password change. Adding
        the version means raising it ends every session of the person, whatever
        key each session has now.
        """
        return self._with_session_version(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self):
        for value in super().get_session_auth_fallback_hash():
            yield self._with_session_version(value)

    def _with_session_version(self, value: str) -> str:
        # Version 0 leaves Django's value as it is, so sessions started before the
        # version existed carry on.
        return f"{value}:{self.session_version}" if self.session_version else value

    def has_left(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.leaving_date is not None and self.leaving_date < on

    @property
    def can_sign_in(self) -> bool:
        return self.is_active and not self.has_left()

    def current_role_keys(self) -> frozenset[str]:
        """Keys of the roles this person holds today, cached on the instance."""
        if not hasattr(self, "_role_keys"):
            self._role_keys = frozenset(
                RoleAssignment.objects.current()
                .filter(user=self)
                .values_list("role__key", flat=True)
            )
        return self._role_keys

    def has_role(self, *keys: str) -> bool:
        return bool(self.current_role_keys() & set(keys))

    @property
    def is_line_manager(self) -> bool:
        if not hasattr(self, "_is_line_manager"):
            self._is_line_manager = self.direct_reports.current().exists()
        return self._is_line_manager


class Role(models.Model):
    """A role an organisation gives to named people (chief executive, auditor, …).

    Code names a role by its key (``kernel.roles.RoleKey``).
    """

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    privileged = models.BooleanField(
        default=True,
        help_text="Holders must set up multi-factor authentication before using the role.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))


class RoleAssignment(models.Model):
    """A person holds a role from ``starts_on`` until the day before ``ends_on``."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["role__name", "starts_on"]
        indexes = [models.Index(fields=["role", "starts_on", "ends_on"])]
        constraints = [
            # ends_on == starts_on is an assignment withdrawn before it took effect.
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="role_assignment_ends_on_or_after_start",
                violation_error_message="A role cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role}"

    @property
    def last_day(self):
        """The last day the person holds the role (``ends_on`` is the first day without it)."""
        return self.ends_on - timedelta(days=1) if self.ends_on else None

    @property
    def withdrawn(self) -> bool:
        """Removed before it took effect: the person never held the role."""
        return self.ends_on is not None and self.ends_on <= self.starts_on

    def status(self, on=None) -> str:
        """'current', 'future', 'ended' or 'withdrawn'."""
        on = on or timezone.localdate()
        if self.withdrawn:
            return "withdrawn"
        if self.starts_on > on:
            return "future"
        if self.ends_on is not None and self.ends_on <= on:
            return "ended"
        return "current"


class AuthorityRule(models.Model):
    """Who decides one kind of decision, e.g. ``mailbox.auto_forward``."""

    decision_key = models.CharField(max_length=80, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["decision_key"]

    def __str__(self) -> str:
        return self.name


class AuthorityStep(models.Model):
    """One ordered step of a decision: who acts (a role's holders, or the requester's
    line manager), what they do (decide, are consulted, or are told), and the policy
    clause that says so.

    ``review_needed`` marks a step the policy is silent on: the organisation put
    someone there who should be checked before the matrix is relied on.
    """

    class Kind(models.TextChoices):
        ROLE = "role", "A holder of a role"
        LINE_MANAGER = "line_manager", "The requester's line manager"

    class Action(models.TextChoices):
        DECIDE = "decide", "Decides"
        CONSULT = "consult", "Is consulted: gives advice, cannot refuse"
        NOTIFY = "notify", "Is told and acknowledges"

    REVIEW_WARNING = "Not set by the policy: review before use"
    ACTION_VERBS = {
        Action.DECIDE: "decides",
        Action.CONSULT: "is consulted",
        Action.NOTIFY: "is told",
    }

    rule = models.ForeignKey(AuthorityRule, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.DECIDE)
    clause = models.CharField(
        max_length=80,
        blank=True,
        help_text='The policy clause giving the authority, e.g. "001 §3.3.1".',
    )
    review_needed = models.BooleanField(
        default=False, help_text="The policy is silent on this step: review before use."
    )

    class Meta:
        ordering = ["rule", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "order"], name="authority_step_order_unique"),
            models.CheckConstraint(
                condition=(Q(kind="role") & Q(role__isnull=False))
                | (Q(kind="line_manager") & Q(role__isnull=True)),
                name="authority_step_role_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        """E.g. "Chief Executive decides (001 §3.5)"."""
        text = f"{self.who} {self.ACTION_VERBS[self.action]}"
        if self.review_needed:
            return f"{text} (not set by the policy)"
        return f"{text} ({self.clause})" if self.clause else text

    @property
    def who(self) -> str:
        if self.kind == self.Kind.LINE_MANAGER:
            return "The requester's line manager"
        return str(self.role)


def every_platform() -> list[str]:
    """Every platform the portal knows: the platform rules before an organisation sets any."""
    return list(Platform.values)


def validate_platforms(value) -> None:
    """A platform rule is a list of known platforms."""
    if not isinstance(value, list) or not all(item in Platform.values for item in value):
        raise ValidationError(
            f"Choose platforms from: {', '.join(Platform.values)}.", code="invalid_platforms"
        )


def validate_device_staff_types(value) -> None:
    """Who may be issued a device: {device kind: [staff types]}, all of them known."""
    if not isinstance(value, dict) or not all(
        kind in DeviceKind.values
        and isinstance(types, list)
        and all(item in StaffType.values for item in types)
        for kind, types in value.items()
    ):
        raise ValidationError(
            "Give, for each kind of device, a list of staff types.", code="invalid_device_staff_types"
        )


class OrganisationSettings(models.Model):
    """The choices an organisation makes once for the whole portal, in one row (pk 1).

    Read it with ``staff.selectors.organisation_settings()`` and change it with
    ``staff.services.organisation_settings_update``; loading a policy preset
    sets it too.
    """

    device_abroad_notice_days = models.PositiveSmallIntegerField(
        "notice before taking a device abroad",
        default=0,
        validators=[MaxValueValidator(365)],
        help_text="Calendar days of notice before taking a device abroad; 0 for none.",
    )
    escalation_working_days = models.PositiveSmallIntegerField(
        "working days before escalation",
        default=5,
        validators=[MaxValueValidator(60)],
        help_text="Working days a decision step may stay overdue before it goes to the "
        "fallback decision maker.",
    )
    fallback_role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="fallback decision maker",
        help_text="Who decides when everyone who could is excluded, or a step is overdue. "
        "Empty means the chief executive, or the monitoring officer if nobody is chief executive.",
    )
    security_advice = models.TextField(
        "security advice before travel",
        blank=True,
        help_text="Emailed to staff before they travel with a device.",
    )
    # Which platforms an account may be on, for each kind of owner it speaks for.
    platforms_for_individuals = models.JSONField(
        "platforms a member of staff may have",
        default=every_platform,
        blank=True,
        validators=[validate_platforms],
        help_text="For an account that speaks for one member of staff.",
    )
    platforms_for_teams = models.JSONField(
        "platforms a team may have",
        default=every_platform,
        blank=True,
        validators=[validate_platforms],
        help_text="For an account that speaks for a team.",
    )
    platforms_for_organisation = models.JSONField(
        "platforms the organisation may have",
        default=every_platform,
        blank=True,
        validators=[validate_platforms],
        help_text="For an account that speaks for the whole organisation.",
    )
    platform_rules_clause = models.CharField(
        "policy clause for the platforms",
        max_length=120,
        blank=True,
        help_text='The policy clause behind these platforms, quoted when one is refused, e.g. "003 §3.3".',
    )
    platform_rules_review_needed = models.BooleanField(
        "platforms still to be reviewed",
        default=False,
        help_text="The policy does not say which platforms are allowed: these are the portal's "
        "suggestion. Untick once you have checked them.",
    )
    account_disclaimer = models.TextField(
        "agreed disclaimer for accounts",
        blank=True,
        help_text="Optional. The wording every corporate account shows, telling people how to "
        "report a crime and contact the police.",
    )
    device_staff_types = models.JSONField(
        "who may be issued each kind of device",
        default=dict,
        blank=True,
        validators=[validate_device_staff_types],
        help_text="For each kind of device, the staff types it may be issued to; a kind not "
        "listed, or with none ticked, may be issued to anyone.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "organisation settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="organisation_settings_single_row")
        ]

    def __str__(self) -> str:
        return "Organisation settings"

    def platforms_for(self, owner_kind: str) -> list[str]:
        """The platforms an account speaking for ``owner_kind`` (an ``OwnerKind``) may be on."""
        return {
            OwnerKind.INDIVIDUAL: self.platforms_for_individuals,
            OwnerKind.TEAM: self.platforms_for_teams,
            OwnerKind.ORGANISATION: self.platforms_for_organisation,
        }[owner_kind]

    def staff_types_for_device(self, device_kind: str) -> list[str]:
        """The staff types a device of ``device_kind`` may be issued to; empty means anyone."""
        return list(self.device_staff_types.get(device_kind) or [])

    @property
    def platform_rules(self) -> list[tuple[str, list[str]]]:
        """Whom an account may speak for, each with the names of the platforms it may be on."""
        return [
            (kind.label, [Platform(platform).label for platform in self.platforms_for(kind)])
            for kind in OwnerKind
        ]


class UserSession(models.Model):
    """A signed-in session of a person, under the key it had at sign-in.

    Kept to list and count a person's sessions and to clear them from the session
    store. A session's key can change later (on a password change), so ending
    them does not rely on these keys but on ``User.session_version``.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Session of {self.user} from {self.created_at:%Y-%m-%d %H:%M}"
