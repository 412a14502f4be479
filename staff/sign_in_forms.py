"""allauth's sign-in, password and two-factor forms in the portal's words.

The fields, validation and behaviour are allauth's; only what people read
changes: sentence-case labels, help text that says what to do, and no
placeholders repeating the labels (they disappear as soon as someone types).
Settings name these classes in ``ACCOUNT_FORMS`` and ``MFA_FORMS``.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.webauthn import forms as webauthn_forms
from django.conf import settings

NEW_PASSWORD_HELP = (
    "Use at least 12 characters. A passphrase of three or four unrelated words is strong "
    "and easy to remember. Common passwords are refused."
)
CODE_HELP = "The 6-digit code your authenticator app shows now."
CODE_ATTRS = {"inputmode": "numeric", "spellcheck": "false", "class": "code-input"}


def _reword(form, labels: dict[str, str], help_texts: dict[str, str] | None = None) -> None:
    """Set labels and help texts, and drop the placeholders allauth gives every field."""
    help_texts = help_texts or {}
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
        if name in help_texts:
            field.help_text = help_texts[name]


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The "Forgotten your password?" link sits under the form, not in the field.
        _reword(
            self,
            {"login": "Email", "password": "Password"},
            {
                "login": f"Your work email address, ending @{settings.ORGANISATION_EMAIL_DOMAIN}.",
                "password": "",
            },
        )
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {
                "oldpassword": "Current password",
                "password1": "New password",
                "password2": "Confirm new password",
            },
            {"oldpassword": "", "password1": NEW_PASSWORD_HELP},
        )


class NewPasswordWording:
    """The labels and help of forms where a person chooses a new password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {"password1": "New password", "password2": "Confirm new password"},
            {"password1": NEW_PASSWORD_HELP},
        )


class SetPasswordForm(NewPasswordWording, account_forms.SetPasswordForm):
    pass


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"email": "Email"}, {"email": "Your work email address."})


class ResetPasswordKeyForm(NewPasswordWording, account_forms.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"password": "Password"}, {"password": ""})


class AuthenticateForm(mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"code": "Code"}, {"code": CODE_HELP})
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


class MFAReauthenticateForm(mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"code": "Code"}, {"code": CODE_HELP})
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {"code": "Code"},
            {"code": "The 6-digit code your authenticator app shows for this account."},
        )
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


class AddWebAuthnForm(webauthn_forms.AddWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {"name": "Name", "passwordless": "Use it to sign in without a password"},
            {
                "name": "So you can tell your passkeys apart, for example "
                "\u201cWork laptop\u201d or \u201cSecurity key\u201d.",
                "passwordless": "The device will ask for your fingerprint, face or PIN each "
                "time. Leave this unticked to use the passkey only as a second factor after "
                "your password.",
            },
        )


class EditWebAuthnForm(webauthn_forms.EditWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"name": "Name"})
