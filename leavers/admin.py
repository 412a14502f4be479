"""Leaver cases in Django admin: for reading only.

Cases are opened, ticked and signed off only through the portal's pages and
services, which check who may act and record each step.
"""

from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

from .models import CaseItem, LeaverCase


class CaseItemInline(admin.TabularInline):
    model = CaseItem
    fields = ("what", "task", "device", "account", "delegation", "outcome")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LeaverCase)
class LeaverCaseAdmin(ReadOnlyAdmin):
    list_display = ("person", "last_day", "status", "started_by", "signed_off_by")
    list_filter = ("status",)
    search_fields = ("person__full_name", "person__email")
    list_select_related = ("person", "started_by", "signed_off_by")
    fields = (
        "person",
        "last_day",
        "reason",
        "status",
        "started_by",
        "created_at",
        "signed_off_by",
        "signed_off_at",
        "record",
    )
    readonly_fields = fields
    inlines = [CaseItemInline]
