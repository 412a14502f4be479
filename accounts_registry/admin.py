"""The register in Django admin: for reading only, and never a credential.

Every change goes through the portal's pages and services, which check who may
act, lock the account and audit the change. Credentials are shown nowhere here:
of a secret, only which field it is, which master key wraps it and its dates,
which is what an operator rotating keys needs.
"""

from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

from .models import Access, Account, ConnectedApp, Handover, Review, Secret


class ReadOnlyInline(admin.TabularInline):
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AccessInline(ReadOnlyInline):
    model = Access
    fields = ("person", "granted_at", "granted_by", "removed_at", "removed_by", "removed_reason")
    readonly_fields = fields


class ConnectedAppInline(ReadOnlyInline):
    model = ConnectedApp
    fields = ("name", "access", "added_by", "added_at", "by_communications", "removed_at")
    readonly_fields = fields


class SecretInline(ReadOnlyInline):
    model = Secret
    fields = ("field", "key_id", "created_at", "created_by", "replaced_at")
    readonly_fields = fields


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = (
        "handle",
        "platform",
        "owner",
        "status",
        "password_change_required",
        "at_risk",
        "review_due_on",
    )
    list_filter = ("status", "platform", "password_change_required", "at_risk")
    search_fields = ("handle", "owner__full_name", "owner__email")
    list_select_related = ("owner",)
    fields = (
        "platform",
        "platform_other",
        "handle",
        "url",
        "purpose",
        "owner_kind",
        "team",
        "owner",
        "moderator",
        "administrator",
        "registration_email",
        "disclaimer_shown",
        "source_request_id",
        "status",
        "password_change_required",
        "password_change_reason",
        "password_change_since",
        "at_risk",
        "at_risk_reason",
        "at_risk_since",
        "review_due_on",
        "registered_at",
        "closed_at",
        "closed_reason",
        "closed_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = [AccessInline, ConnectedAppInline, SecretInline]


@admin.register(Secret)
class SecretAdmin(ReadOnlyAdmin):
    list_display = ("account", "field", "key_id", "created_at", "replaced_at")
    list_filter = ("key_id", "field")
    list_select_related = ("account",)
    fields = ("account", "field", "key_id", "created_at", "created_by", "replaced_at")
    readonly_fields = fields


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = ("account", "from_owner", "to_owner", "offered_at", "accepted_at")
    list_select_related = ("account", "from_owner", "to_owner")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("account", "due_on", "still_needed", "confirmed_by", "confirmed_at")
    list_select_related = ("account", "confirmed_by")
