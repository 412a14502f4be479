"""Requests and tasks in Django admin: for reading only.

Every change goes through the portal's pages and services, which check who may
act, lock the request, audit and record it. Internal notes, attachments and the
reason for an internal investigation are not shown here: they are read on the
request page, where each view is checked.
"""

from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

from .models import Delegation, Request, Step, Task


class StepInline(admin.TabularInline):
    model = Step
    fields = (
        "order",
        "action",
        "role",
        "assignee",
        "clause",
        "status",
        "decided_by",
        "on_behalf_of",
        "decided_at",
        "due_on",
    )
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = ("reference", "type_key", "summary", "requester", "status", "submitted_at")
    list_filter = ("status", "type_key", "late")
    search_fields = ("summary", "requester__full_name", "requester__email")
    list_select_related = ("requester",)
    fields = (
        "type_key",
        "decision_key",
        "requester",
        "affected",
        "summary",
        "status",
        "starts_on",
        "ends_on",
        "late",
        "internal_investigation",
        "created_at",
        "submitted_at",
        "decided_at",
        "closed_at",
        "record",
    )
    readonly_fields = fields
    inlines = [StepInline]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner", "owner_role", "due_on", "status", "done_by", "done_at")
    list_filter = ("status", "owner_role")
    search_fields = ("title", "key")
    list_select_related = ("owner", "owner_role", "done_by")


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ("person", "delegate", "starts_on", "ends_on", "cancelled_at")
    list_select_related = ("person", "delegate")
