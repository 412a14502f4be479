"""The register of devices the organisation issues: phones, tablets, laptops, tokens.

A device is issued to one person (its holder), or belongs to a team's pool and is
shared by the people named on it (its current pool users). Who holds what decides
which declarations people owe (``declarations``) and what a leaver hands back
(``leavers``). Every change is a service in ``devices.services`` and leaves a
``DeviceEvent``, the device's history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from kernel.device_kinds import DeviceKind

__all__ = ["Device", "DeviceEvent", "DeviceKind", "PoolUser"]


class DeviceQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=Device.Status.ISSUED)


class Device(models.Model):
    class Status(models.TextChoices):
        IN_STOCK = "in_stock", "In stock"
        ISSUED = "issued", "Issued"
        LOST = "lost", "Lost or stolen"
        RETURNED = "returned", "Returned"
        DISPOSED = "disposed", "Disposed"

    kind = models.CharField(max_length=20, choices=DeviceKind.choices)
    asset_tag = models.CharField(
        max_length=60, help_text="The organisation's label on the device; unique."
    )
    serial = models.CharField("serial or IMEI", max_length=100, blank=True)
    model = models.CharField(max_length=150, blank=True, help_text="For example iPhone 15.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_STOCK)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="devices_held",
        help_text="The person the device is issued to.",
    )
    pool_team = models.ForeignKey(
        "staff.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pool_devices",
        verbose_name="pool of team",
        help_text="A pool device, shared by named people of this team.",
    )
    issued_on = models.DateField(null=True, blank=True)
    to_complete = models.BooleanField(
        "details to complete",
        default=False,
        help_text="Recorded before the register from what was known; check and complete it.",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["asset_tag"]
        constraints = [
            models.UniqueConstraint(Lower("asset_tag"), name="device_asset_tag_unique"),
        ]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["asset_tag"], name="device_asset_tag"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset_tag}"

    @property
    def is_pool(self) -> bool:
        return self.pool_team_id is not None


class PoolUserQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class PoolUser(models.Model):
    """A person named on a pool device, from ``added_at`` until ``removed_at``."""

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="pool_users")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pool_devices_used"
    )
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PoolUserQuerySet.as_manager()

    class Meta:
        ordering = ["device", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "person"],
                condition=Q(removed_at__isnull=True),
                name="pool_user_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} uses {self.device}"


class DeviceEvent(models.Model):
    """One thing that happened to a device: its history."""

    class Action(models.TextChoices):
        ADDED = "added", "Added to the register"
        ISSUED = "issued", "Issued"
        RETURNED = "returned", "Returned"
        LOST = "lost", "Reported lost or stolen"
        DISPOSED = "disposed", "Disposed of"
        POOL_USER_ADDED = "pool_user_added", "Named on the pool device"
        POOL_USER_REMOVED = "pool_user_removed", "No longer named on the pool device"
        EDITED = "edited", "Details changed"

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whom the device was issued to, returned by, or named on it.",
    )
    occurred_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.device}: {self.get_action_display()}"
