"""Audit sign-ins and MFA changes, and remember sessions so they can be ended.

Django and allauth announce these events only through signals; each receiver
hands over to a service straight away.
"""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from portal.access import authentication_methods
from records.services import audit_log

from .models import User, UserSession


@receiver(auth_signals.user_logged_in)
def on_signed_in(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        UserSession.objects.update_or_create(
            session_key=request.session.session_key,
            defaults={
                "user": user,
                "ip_address": request.META.get("REMOTE_ADDR") or None,
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            },
        )
    audit_log(
        action="auth.signed_in",
        actor=user,
        target=user,
        request=request,
        details={"methods": authentication_methods(request) if request else []},
    )


@receiver(auth_signals.user_logged_out)
def on_signed_out(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    if user is not None:
        audit_log(action="auth.signed_out", actor=user, target=user, request=request)


@receiver(auth_signals.user_login_failed)
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    user = User.objects.filter(email__iexact=email).first() if email else None
    audit_log(
        action="auth.sign_in_failed",
        actor=None,
        actor_label=email,
        target=user,
        request=request,
        details={"email": email},
    )


@receiver(mfa_signals.authenticator_added)
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit_log(
        action="mfa.added",
        actor=user,
        target=user,
        request=request,
        details={"type": authenticator.type},
    )


@receiver(mfa_signals.authenticator_removed)
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_log(
        action="mfa.removed",
        actor=user,
        target=user,
        request=request,
        details={"type": authenticator.type},
    )


@receiver(mfa_signals.authenticator_reset)
def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    audit_log(
        action="mfa.reset",
        actor=user,
        target=user,
        request=request,
        details={"type": authenticator.type},
    )
