"""Declarations in Django admin, for reading only: the portal's pages change them,
through services that check, audit and record every change."""

from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

from .models import Declaration, DeclarationKind, Policy, PolicyVersion, Requirement


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ("title", "slug", "owner_role", "review_date")
    search_fields = ("title",)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = ("policy", "number", "status", "material_change", "effective_date", "published_at")
    list_filter = ("status", "material_change", "policy")
    list_select_related = ("policy",)


@admin.register(DeclarationKind)
class DeclarationKindAdmin(ReadOnlyAdmin):
    list_display = ("name", "key", "policy", "cycle", "active")
    list_filter = ("cycle", "active")


@admin.register(Requirement)
class RequirementAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "cycle_key", "due_date", "extended_to", "status")
    list_filter = ("status", "kind")
    search_fields = ("user__full_name", "user__email", "cycle_key")
    list_select_related = ("user", "kind")
    raw_id_fields = ("user", "version", "extended_by")


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "version", "signed_at", "record")
    list_filter = ("kind",)
    search_fields = ("user__full_name", "user__email", "typed_name", "text_sha256")
    list_select_related = ("user", "kind", "version__policy", "record")
    date_hierarchy = "signed_at"
