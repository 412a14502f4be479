"""Audit sign-ins, passwords and MFA, and remember sessions so they can be ended.

Django and allauth announce these events only through signals; each receiver
hands over to a service straight away.
"""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from . import services
from .audit_actions import SignInAction


@receiver(auth_signals.user_logged_in)
def on_signed_in(sender, request, user, **kwargs):
    services.session_start(user=user, request=request)


@receiver(auth_signals.user_logged_out)
def on_signed_out(sender, request, user, **kwargs):
    services.session_end(user=user, request=request)


@receiver(auth_signals.user_login_failed)
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("email") or credentials.get("username") or "")
    services.sign_in_failure_record(email=email, request=request)


@receiver(mfa_signals.authenticator_added)
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    services.authenticator_change_record(
        user=user, action=SignInAction.MFA_ADDED, authenticator_type=authenticator.type, request=request
    )


@receiver(mfa_signals.authenticator_removed)
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    services.authenticator_change_record(
        user=user, action=SignInAction.MFA_REMOVED, authenticator_type=authenticator.type, request=request
    )


@receiver(mfa_signals.authenticator_reset)
def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    services.authenticator_change_record(
        user=user, action=SignInAction.MFA_RESET, authenticator_type=authenticator.type, request=request
    )


@receiver(mfa_signals.authentication_failed)
def on_second_factor_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    services.second_factor_failure_record(
        user=user,
        authenticator_type=authenticator.type,
        reauthentication=reauthentication,
        request=request,
    )


@receiver(account_signals.password_changed)
def on_password_changed(sender, request, user, **kwargs):
    services.password_change_record(
        user=user, action=SignInAction.PASSWORD_CHANGED, request=request
    )


@receiver(account_signals.password_set)
def on_password_set(sender, request, user, **kwargs):
    services.password_change_record(user=user, action=SignInAction.PASSWORD_SET, request=request)


@receiver(account_signals.password_reset)
def on_password_reset(sender, request, user, **kwargs):
    services.password_change_record(user=user, action=SignInAction.PASSWORD_RESET, request=request)
