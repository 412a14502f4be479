"""How allauth fits the portal: no public sign-up, single sign-on only for known staff."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import redirect

from notifications.services import email_queue

from . import services
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not right. Check both and try again.",
        "account_inactive": "This account is no longer active. If you think this is a mistake, "
        "contact the IT service desk.",
        "too_many_login_attempts": "There have been too many failed attempts to sign in to this "
        "account. For your security, signing in is paused for a while: try again later, or "
        "reset your password.",
        "incorrect_password": "The password is not right.",
        "enter_current_password": "Enter your current password.",
        "rate_limited": "You have tried this too many times in a short time. Wait a minute, then try again.",
    }

    def is_open_for_signup(self, request):
        # Accounts come from an administrator or the staff import, never self sign-up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's email (e.g. a password reset link) now; the worker sends it."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        email_queue(message)

    REAUTHENTICATION_WORDS = {
        "reauthenticate": "Use your password",
        "mfa_reauthenticate": "Use a code from your authenticator app",
        "mfa_reauthenticate:webauthn": "Use a passkey",
    }

    def get_reauthentication_methods(self, user):
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = self.REAUTHENTICATION_WORDS.get(
                method["id"], method["description"]
            )
        return methods

    def pre_login(self, request, user, **kwargs):
        # allauth refuses only inactive accounts; someone past their leaving date is
        # refused too, before the nightly job has deactivated them.
        if not user.can_sign_in:
            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "That code is not right. Enter the code your authenticator app shows "
        "now: it changes every 30 seconds.",
    }

    def get_totp_label(self, user) -> str:
        return user.email


def email_domain_allowed(email: str) -> bool:
    domain = settings.ORGANISATION_EMAIL_DOMAIN.lower()
    return email.lower().rsplit("@", 1)[-1] == domain


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """OpenID Connect sign-in matches current staff on the organisation's domain and creates nobody."""

    def is_open_for_signup(self, request, sociallogin):
        return False

    def can_authenticate_by_email(self, sociallogin, email):
        # allauth's own matching by email would take any domain, and wipe the
        # password of anyone whose address it has not verified: staff addresses
        # are entered by administrators, so ``pre_social_login`` matches instead.
        return False

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            user = sociallogin.user
            if not (user.can_sign_in and email_domain_allowed(user.email)):
                self._refuse(request, sociallogin, user.email, "not current staff")
            return
        emails = [e.email for e in sociallogin.email_addresses if e.verified] or [
            sociallogin.user.email
        ]
        emails = [email for email in emails if email and email_domain_allowed(email)]
        for email in emails:
            user = User.objects.current().filter(email__iexact=email).first()
            if user is not None:
                sociallogin.connect(request, user)
                return
        self._refuse(
            request,
            sociallogin,
            ", ".join(emails) or sociallogin.user.email or "",
            "no current staff with this address" if emails else "another email domain",
        )

    def _refuse(self, request, sociallogin, email, reason):
        services.sso_refusal_record(
            email=email, reason=reason, provider=sociallogin.account.provider, request=request
        )
        messages.error(
            request,
            "Single sign-on is only for current staff registered in the portal with an "
            f"@{settings.ORGANISATION_EMAIL_DOMAIN} address. If you think you should have "
            "access, contact the IT service desk.",
        )
        raise ImmediateHttpResponse(redirect(settings.LOGIN_URL))
