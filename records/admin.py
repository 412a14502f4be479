"""The audit trail in Django admin: for reading only, like everywhere else."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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
    actions = None
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
