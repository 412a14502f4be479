"""The technical administration site's view of people, roles, the authority matrix and settings.

Day-to-day changes happen on the staff pages, which go through the services and
the audit trail; here, changes to a person also go through those services, role
assignments, the authority matrix and the organisation settings are read-only,
changes to teams and roles are recorded in the audit trail (``AuditedAdmin``), and
nothing secret (password hashes, session keys) is shown.
"""

from allauth.core.exceptions import ReauthenticationRequired
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from audit.admin_audit import AuditedAdmin
from kernel.access import recently_authenticated
from kernel.readonly_admin import ReadOnlyAdmin

from .forms import clean_work_email
from .models import (
    AuthorityRule,
    AuthorityStep,
    OrganisationSettings,
    Role,
    RoleAssignment,
    Team,
    User,
    UserSession,
)
from .services import STAFF_FIELDS, staff_create, staff_update


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    fields = ["role", "starts_on", "ends_on", "assigned_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class UserAdminForm(forms.ModelForm):
    """A person as the admin edits them: a work address only, as on the staff pages."""

    class Meta:
        model = User
        fields = STAFF_FIELDS

    def clean_email(self) -> str:
        return clean_work_email(self.cleaned_data["email"])


class PersonAutocomplete(AutocompleteSelect):
    """The admin's search box for a person, showing a submitted value that names nobody as empty.

    Django's own looks the submitted value up to show it again and fails on text
    where an id belongs; the form already says it is not a valid choice.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._names_someone(v)], attr)

    def _names_someone(self, value) -> bool:
        try:
            return self.choices.field.to_python(value) is not None
        except ValidationError:
            return False


@admin.register(User)
class UserAdmin(AuditedAdmin):
    form = UserAdminForm
    list_display = ["full_name", "email", "job_title", "team", "staff_type", "is_active"]
    list_filter = ["is_active", "staff_type", "team"]
    search_fields = ["full_name", "email", "job_title"]
    list_select_related = ["team"]
    autocomplete_fields = ["line_manager", "mailbox_nominee"]
    fieldsets = [
        (None, {"fields": [*STAFF_FIELDS]}),
        ("Technical", {"fields": ["is_active", "is_staff", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["is_active", "is_staff", "last_login", "date_joined"]
    inlines = [RoleAssignmentInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = PersonAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # People are deactivated, never deleted: their records depend on them.
        return False

    def save_model(self, request, obj, form, change):
        # The work email signs the person in: changing it needs a recent sign-in,
        # as on the staff pages. allauth keeps the submitted form meanwhile.
        if change and "email" in form.changed_data and not recently_authenticated(request):
            raise ReauthenticationRequired()
        fields = {
            name: form.cleaned_data[name] for name in STAFF_FIELDS if name in form.cleaned_data
        }
        if change:
            saved = staff_update(
                user=User.objects.get(pk=obj.pk), actor=request.user, request=request, **fields
            )
        else:
            saved = staff_create(actor=request.user, request=request, **fields)
        obj.pk = saved.pk


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ["name"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["name", "key", "privileged"]
    search_fields = ["name", "key"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Code and the authority matrix refer to roles by key.
        return ["key"] if obj else []


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "starts_on", "ends_on", "assigned_by"]
    list_filter = ["role"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user", "role", "assigned_by"]


class AuthorityStepInline(admin.TabularInline):
    model = AuthorityStep
    fields = ["order", "action", "kind", "role", "clause", "review_needed"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AuthorityRule)
class AuthorityRuleAdmin(ReadOnlyAdmin):
    list_display = ["decision_key", "name"]
    inlines = [AuthorityStepInline]


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(ReadOnlyAdmin):
    # Changed on the organisation settings page, which audits each change.
    list_display = ["__str__", "updated_at", "updated_by"]
    list_select_related = ["fallback_role", "updated_by"]


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin):
    # The session key is a bearer credential: never shown.
    list_display = ["user", "created_at", "ip_address", "user_agent"]
    fields = ["user", "created_at", "ip_address", "user_agent"]
    readonly_fields = fields
    list_select_related = ["user"]
    search_fields = ["user__full_name", "user__email"]
