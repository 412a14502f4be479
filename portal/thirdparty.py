"""allauth's and Django admin's URLs, trimmed to what the portal uses, with their audiences.

allauth and the admin enforce access inside their own views; here each of their
URL names is given the audience it is for, so that the test walking every URL
knows what to expect. A name missing from ``ALLAUTH_ACCESS`` is left out of the
portal altogether.
"""

from functools import wraps

from allauth import urls as allauth_url_module
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver

from kernel.access import ANONYMOUS, STAFF, declare_access, has_mfa

# People may not sign up, nor change the work email that identifies them.
ALLAUTH_ACCESS = {
    "account_login": ANONYMOUS,
    "account_logout": ANONYMOUS,
    "account_inactive": ANONYMOUS,
    "account_reauthenticate": STAFF,
    "account_change_password": STAFF,
    "account_set_password": STAFF,
    "account_reset_password": ANONYMOUS,
    "account_reset_password_done": ANONYMOUS,
    "account_reset_password_from_key": ANONYMOUS,
    "account_reset_password_from_key_done": ANONYMOUS,
    "mfa_index": STAFF,
    "mfa_authenticate": ANONYMOUS,
    "mfa_reauthenticate": STAFF,
    "mfa_activate_totp": STAFF,
    "mfa_deactivate_totp": STAFF,
    "mfa_view_recovery_codes": STAFF,
    "mfa_generate_recovery_codes": STAFF,
    "mfa_download_recovery_codes": STAFF,
    "mfa_list_webauthn": STAFF,
    "mfa_add_webauthn": STAFF,
    "mfa_reauthenticate_webauthn": STAFF,
    "mfa_remove_webauthn": STAFF,
    "mfa_edit_webauthn": STAFF,
    "mfa_login_webauthn": ANONYMOUS,
    "socialaccount_login_cancelled": ANONYMOUS,
    "socialaccount_login_error": ANONYMOUS,
    "openid_connect_login": ANONYMOUS,
    "openid_connect_callback": ANONYMOUS,
}


def _keep(patterns):
    kept = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            entry.url_patterns[:] = _keep(entry.url_patterns)
            if entry.url_patterns:
                kept.append(entry)
        elif isinstance(entry, URLPattern) and entry.name in ALLAUTH_ACCESS:
            declare_access(entry.callback, ALLAUTH_ACCESS[entry.name])
            kept.append(entry)
    return kept


def allauth_urls():
    return _keep(list(allauth_url_module.urlpatterns))


# Admin pages are for people with Django admin access (``is_staff``) who have set
# up two-factor authentication; its sign-in goes through allauth so the same rate
# limits and second factor apply.
ADMIN_AUDIENCE = "django_admin"


def _admin_login(view):
    """allauth's sign-in for the admin; staff without two-factor set it up first."""
    secured = secure_admin_login(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff and not has_mfa(user):
            return redirect("mfa_required")
        return secured(request, *args, **kwargs)

    return wrapper


def _admin_has_permission(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and has_mfa(user)


def admin_site_urls():
    admin.site.login = _admin_login(admin.site.login)
    admin.site.has_permission = _admin_has_permission
    urls, app_name, namespace = admin.site.urls
    _declare_all(urls)
    return urls, app_name, namespace


def _declare_all(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _declare_all(entry.url_patterns)
        elif entry.name == "logout":
            declare_access(entry.callback, ANONYMOUS)  # anyone may sign out
        else:
            declare_access(entry.callback, ADMIN_AUDIENCE)
