"""The register of corporate social-media accounts, who can reach them, and their credentials.

An account enters the register when a request for it is approved (awaiting
registration) or when the communications team records one that already exists.
It becomes active once its credentials are registered, and is closed, never
deleted, when it is no longer wanted. Apart from its status an account carries
two flags: **password change required** (someone lost access, the owner changed,
a device that reached it went missing) until a new password is registered, and
**at risk** (it may be in someone else's hands) until the communications team
clears it.

Credentials are stored only encrypted (``crypto``): each secret row holds one
field of one account, and a new password leaves the earlier one in place, marked
replaced, for recovery after a hack.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from kernel.platforms import OwnerKind, Platform


class AccountQuerySet(models.QuerySet):
    def not_closed(self):
        return self.exclude(status=Account.Status.CLOSED)


class Account(models.Model):
    class Status(models.TextChoices):
        AWAITING_REGISTRATION = "awaiting_registration", "Awaiting registration"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    platform = models.CharField(max_length=20, choices=Platform.choices)
    platform_other = models.CharField("other platform", max_length=100, blank=True)
    handle = models.CharField(
        "name or handle", max_length=100, help_text="What the account is called, e.g. @OPCC_Youth."
    )
    url = models.URLField("address", max_length=300, blank=True)
    purpose = models.TextField(max_length=2000)
    owner_kind = models.CharField(
        "speaks for", max_length=20, choices=OwnerKind.choices, default=OwnerKind.TEAM
    )
    team = models.ForeignKey(
        "staff.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="social_accounts_owned"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="social_accounts_moderated"
    )
    administrator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_accounts_administered",
        help_text="Looks after the password and the list of who has access.",
    )
    registration_email = models.EmailField("registered with", max_length=254)
    disclaimer_shown = models.BooleanField(
        "agreed disclaimer shown",
        default=False,
        help_text="The page shows the disclaimer on how to report a crime and contact the police.",
    )
    source_request_id = models.PositiveIntegerField(
        "request", null=True, blank=True, help_text="The approved request the account came from."
    )
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_REGISTRATION
    )
    password_change_required = models.BooleanField(default=False)
    password_change_reason = models.CharField(max_length=300, blank=True)
    password_change_since = models.DateTimeField(null=True, blank=True)
    at_risk = models.BooleanField(default=False)
    at_risk_reason = models.CharField(max_length=300, blank=True)
    at_risk_since = models.DateTimeField(null=True, blank=True)
    review_due_on = models.DateField("annual review due", null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["platform", Lower("handle")]
        constraints = [
            models.UniqueConstraint(
                "platform",
                Lower("handle"),
                condition=~Q(status="closed"),
                name="account_one_open_handle_per_platform",
                violation_error_message="An account with this name is already on the register "
                "for this platform.",
            )
        ]
        indexes = [
            models.Index(fields=["status", "platform"], name="account_status_platform"),
            models.Index(fields=["review_due_on"], name="account_review_due"),
        ]

    def __str__(self) -> str:
        return f"{self.handle} ({self.platform_label})"

    def get_absolute_url(self) -> str:
        return reverse("accounts_registry:account_detail", args=[self.pk])

    @property
    def platform_label(self) -> str:
        if self.platform == Platform.OTHER and self.platform_other:
            return self.platform_other
        return Platform(self.platform).label

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class AccessQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class Access(models.Model):
    """A member of staff who can sign in to an account, from when, until when."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="accesses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="social_account_accesses"
    )
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_reason = models.CharField(max_length=300, blank=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        ordering = ["removed_at", "granted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "person"],
                condition=Q(removed_at__isnull=True),
                name="access_one_current_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.account}"


class ConnectedAppQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class ConnectedApp(models.Model):
    """A third-party app given access to an account (a scheduler, an analytics tool)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="apps")
    name = models.CharField(max_length=100)
    access = models.CharField(
        "what it can do", max_length=300, help_text="E.g. “post and read messages”."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    by_communications = models.BooleanField(
        "added by the communications team",
        default=False,
        help_text="The owner may not remove it.",
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConnectedAppQuerySet.as_manager()

    class Meta:
        ordering = ["removed_at", "added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} on {self.account}"


class SecretQuerySet(models.QuerySet):
    def current(self):
        return self.filter(replaced_at__isnull=True)


class Secret(models.Model):
    """One field of an account's credentials, encrypted (see ``crypto``).

    ``public_id`` is bound into the encryption with the account and field, so a
    ciphertext copied to another row does not decrypt. A secret is never updated
    in place except to re-wrap its data key under a newer master key; a new value
    is a new row, and the one it replaces keeps its text with ``replaced_at`` set.
    """

    class Field(models.TextChoices):
        USERNAME = "username", "Username"
        PASSWORD = "password", "Password"
        TOTP_SEED = "totp_seed", "Authenticator (TOTP) seed"
        RECOVERY_CODES = "recovery_codes", "Recovery codes"
        NOTES = "notes", "Notes"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="secrets")
    field = models.CharField(max_length=20, choices=Field.choices)
    key_id = models.CharField(max_length=40, help_text="The master key that wraps the data key.")
    wrapped_key = models.BinaryField(editable=False)
    nonce = models.BinaryField(editable=False)
    ciphertext = models.BinaryField(editable=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(null=True, blank=True)

    objects = SecretQuerySet.as_manager()

    class Meta:
        ordering = ["field", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "field"],
                condition=Q(replaced_at__isnull=True),
                name="secret_one_current_per_field",
            )
        ]
        indexes = [models.Index(fields=["key_id"], name="secret_key_id")]

    def __str__(self) -> str:
        # Never the value: only what it is.
        return f"{self.get_field_display()} of account {self.account_id}"


class HandoverQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, declined_at__isnull=True, cancelled_at__isnull=True)


class Handover(models.Model):
    """An offer to pass an account to another member of staff, who accepts or declines."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="handovers")
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="social_account_handovers"
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField()
    note = models.TextField(blank=True, max_length=2000)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True, cancelled_at__isnull=True),
                name="handover_one_pending_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} from {self.from_owner} to {self.to_owner}"


class Review(models.Model):
    """The owner's yearly confirmation that an account is still needed and in order."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField()
    still_needed = models.BooleanField()
    content_current = models.BooleanField()
    access_right = models.BooleanField()
    apps_right = models.BooleanField()
    note = models.TextField(blank=True, max_length=2000)
    confirmed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.account} due {self.due_on}"
