"""How allauth fits the portal: no public sign-up, single sign-on only for known staff."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import redirect

from notifications.services import email_queue

from . import selectors, services
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

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        """Send the reset link, and record on the audit trail that one was sent."""
        services.password_reset_requested(user=user, request=allauth_context.request)
        super().send_password_reset_mail(user, email, context)

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


def provider_claims(sociallogin) -> dict:
    """What the identity provider said about the person: its userinfo, else its ID token.

    allauth keeps the answer as it came, and reads the email from the same place.
    """
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


def believed_emails(sociallogin) -> list[str]:
    """The provider's email addresses the portal believes, in lower case.

    Only one the provider says it has verified (``email_verified: true``): at
    many providers people can set their own address, and an unchecked one would
    let them in as whichever member of staff has it. Entra ID never sends the
    claim; its address is believed only if the organisation says so in
    ``OIDC_TRUST_UNVERIFIED_EMAIL``, and one said to be unverified never is.
    """
    trusted = settings.OIDC_TRUST_UNVERIFIED_EMAIL and "email_verified" not in provider_claims(
        sociallogin
    )
    return [
        address.email.lower()
        for address in sociallogin.email_addresses
        if address.email and (address.verified or trusted)
    ]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """OpenID Connect sign-in for current staff on the organisation's domain; creates nobody.

    The first sign-on finds the member of staff by a believed email and ties the
    account to the provider's subject id (``sub``), which never changes; later
    sign-ons find the account by that id, whatever the email says.
    """

    def is_open_for_signup(self, request, sociallogin):
        return False

    def can_authenticate_by_email(self, sociallogin, email):
        # allauth's own matching by email would take any domain, and wipe the
        # password of anyone whose address it has not verified: staff addresses
        # are entered by administrators, so ``pre_social_login`` matches instead.
        return False

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            self._sign_on_again(request, sociallogin)
        else:
            self._sign_on_first(request, sociallogin)

    def _sign_on_first(self, request, sociallogin):
        """Tie the provider's account to the current member of staff with its email, once."""
        offered = ", ".join(a.email for a in sociallogin.email_addresses if a.email)
        emails = believed_emails(sociallogin)
        ours = [email for email in emails if email_domain_allowed(email)]
        # Work emails are kept in lower case (services.staff_create and staff_update).
        user = User.objects.current().filter(email__in=ours).first()
        if user is None:
            if ours:
                reason = "no current staff with this address"
            elif emails:
                reason = "another email domain"
            elif offered:
                reason = "email not verified by the provider"
            else:
                reason = "no email from the provider"
            self._refuse(request, sociallogin, offered, reason)
        # Another account at the provider with this email (a reissued address, say)
        # is not the person the first one was tied to.
        if SocialAccount.objects.filter(user=user, provider=sociallogin.account.provider).exists():
            self._refuse(
                request, sociallogin, offered, "already connected to another single sign-on account"
            )
        sociallogin.connect(request, user)

    def _sign_on_again(self, request, sociallogin):
        """Let the tied member of staff in while they are current; follow a new email of theirs.

        The provider's email moving to someone else's address is refused: the
        provider has muddled two people, or someone is trying to become another.
        """
        user = sociallogin.user
        if not (user.can_sign_in and email_domain_allowed(user.email)):
            self._refuse(request, sociallogin, user.email, "not current staff")
        current = user.email.lower()
        offered = [a.email.lower() for a in sociallogin.email_addresses if a.email]
        taken = [
            email
            for email in offered
            if email != current and selectors.email_belongs_to_someone_else(email, user)
        ]
        if taken:
            self._refuse(
                request, sociallogin, ", ".join(taken), "the provider's email belongs to someone else"
            )
        new = [e for e in believed_emails(sociallogin) if e != current and email_domain_allowed(e)]
        if new:
            sociallogin.user = services.staff_update(
                user=user, actor=user, request=request, email=new[0]
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
