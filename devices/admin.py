"""The device register in Django admin: for reading only.

Every change goes through the portal's pages and services, which check what the
device's state allows, lock it, keep its history and audit the change.
"""

from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

from .models import Device, DeviceEvent, PoolUser


class ReadOnlyInline(admin.TabularInline):
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PoolUserInline(ReadOnlyInline):
    model = PoolUser
    fk_name = "device"
    fields = ("person", "added_at", "added_by", "removed_at", "removed_by")
    readonly_fields = fields


class DeviceEventInline(ReadOnlyInline):
    model = DeviceEvent
    fields = ("occurred_at", "action", "person", "actor", "note")
    readonly_fields = fields


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ("asset_tag", "kind", "model", "status", "holder", "pool_team", "to_complete")
    list_filter = ("kind", "status", "to_complete")
    search_fields = ("asset_tag", "serial", "model", "holder__full_name", "holder__email")
    list_select_related = ("holder", "pool_team")
    inlines = [PoolUserInline, DeviceEventInline]
