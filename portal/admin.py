"""Keep secrets out of the technical administration site, and record what changes there.

allauth registers admin pages for OAuth tokens, single sign-on client secrets
and MFA authenticators, whose data holds TOTP secrets and recovery code seeds.
The portal configures single sign-on from the environment and people manage
their own authenticators, so those pages are removed; authenticators are listed
without their data.

The admin pages other packages register (groups, sign-in email addresses, single
sign-on accounts, the Celery beat schedule) are registered again as
``AuditedAdmin`` pages, so every change made on them reaches the audit trail.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.fields import InvalidJSONInput
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from audit.admin_audit import AuditedAdmin
from kernel.readonly_admin import ReadOnlyAdmin

for model in (SocialApp, SocialToken, Authenticator):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

OTHER_PACKAGES_MODELS = (
    Group,
    EmailAddress,
    SocialAccount,
    PeriodicTask,
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    SolarSchedule,
)

for model in OTHER_PACKAGES_MODELS:
    if admin.site.is_registered(model):
        registered = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        audited = type(
            f"Audited{registered.__name__}", (AuditedAdmin, registered), {"__module__": __name__}
        )
        admin.site.register(model, audited)


@admin.register(Authenticator)
class AuthenticatorAdmin(AuditedAdmin, ReadOnlyAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__email"]

    def has_delete_permission(self, request, obj=None):
        # Removing a lost authenticator lets a locked-out person set up a new one.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def audit_details(self, obj) -> dict:
        return {"person": obj.user.email, "type": obj.type}


class JSONFormField(forms.JSONField):
    """Django's JSON form field, refusing an integer of over 4,300 digits as invalid JSON.

    For such a number ``json.loads`` raises a plain ValueError (Python's guard
    against slow conversions), not the JSONDecodeError Django expects, and the
    page failed instead of saying the JSON is not valid.
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except ValueError:
            return InvalidJSONInput(data)


# The single sign-on accounts page takes their extra data as JSON typed in a box.
admin.site.get_model_admin(SocialAccount).formfield_overrides[models.JSONField] = {
    "form_class": JSONFormField
}
