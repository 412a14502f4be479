"""Notifications in Django admin: to look into email delivery, not to write messages."""

from django.contrib import admin, messages

from audit.admin_audit import AuditedAdmin

from .models import Notification
from .services import notification_email_resend


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "email_status", "read_at")
    list_filter = ("email_status", "kind", "created_at")
    search_fields = ("recipient__email", "recipient__full_name", "subject", "=idempotency_key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    show_full_result_count = False
    actions = ["resend_failed_emails"]
    fields = (
        "recipient",
        "kind",
        "subject",
        "link",
        "idempotency_key",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "email_queued_at",
        "email_sent_at",
        "email_error",
        "body_text",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the failed emails again", permissions=["change"])
    def resend_failed_emails(self, request, queryset):
        resent = sum(
            notification_email_resend(notification_id=pk, actor=request.user, request=request)
            for pk in queryset.values_list("pk", flat=True)
        )
        messages.info(request, f"{resent} email(s) queued again; the others had not failed.")
