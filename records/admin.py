"""Signed records in Django admin: for reading only, like everywhere else."""

from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

from .models import Record


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    """Signed records, read-only. The files themselves are not shown here: they are
    downloaded from the portal, where each download is checked and audited."""

    list_display = ("reference", "kind", "title", "subject", "status", "created_at", "attempts")
    list_filter = ("kind", "status", "year")
    search_fields = ("reference", "title", "subject__full_name", "subject__email", "sha256")
    list_select_related = ("subject",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = (
        "reference", "kind", "title", "subject", "content_type", "object_id", "evidence",
        "status", "error", "attempts", "file_name", "sha256", "certificate_fingerprint",
        "created_by", "created_at", "completed_at",
    )
    readonly_fields = fields

    @admin.display(description="stored as")
    def file_name(self, record):
        return record.file.name
