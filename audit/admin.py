"""The audit trail in Django admin: for reading only, like everywhere else."""

from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "seq",
        "occurred_at",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "ip_address",
    )
    list_display_links = ("seq",)
    list_filter = ("action", "target_type", "occurred_at")
    search_fields = ("actor_label", "target_label", "target_id", "=seq")
    date_hierarchy = "occurred_at"
    ordering = ("-seq",)
    show_full_result_count = False
    fields = (
        "seq",
        "occurred_at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "details",
        "ip_address",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields
