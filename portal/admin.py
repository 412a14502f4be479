"""Keep secrets out of the technical administration site.

allauth registers admin pages for OAuth tokens, single sign-on client secrets
and MFA authenticators, whose data holds TOTP secrets and recovery code seeds.
The portal configures single sign-on from the environment and people manage
their own authenticators, so those pages are removed; authenticators are listed
without their data.
"""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin

from kernel.readonly_admin import ReadOnlyAdmin

for model in (SocialApp, SocialToken, Authenticator):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__email"]

    def has_delete_permission(self, request, obj=None):
        # Removing a lost authenticator lets a locked-out person set up a new one.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)
