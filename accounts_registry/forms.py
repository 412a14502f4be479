"""Forms of the register's pages. They check what was typed; the services change state.

Credentials are typed into boxes that never show them again: after an error the
person types them once more, so a secret is never written back into a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import Q

from kernel.platforms import OwnerKind, Platform
from kernel.widgets import QuickSelect
from staff.forms import PersonField
from staff.models import Team

from .models import Account, Secret
from .rules import platform_refusal
from .selectors import review_overdue

YES_NO = [("yes", "Yes"), ("no", "No")]


class SecretInput(forms.PasswordInput):
    """A password box that is always empty when the page is drawn again."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})}, render_value=False)


class SecretTextInput(forms.TextInput):
    """A text box for a credential that is always empty when the page is drawn again."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        return None


class SecretTextarea(forms.Textarea):
    """A text area for recovery codes or notes that is always empty when drawn again."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )

    def format_value(self, value):
        return None


def _work_email(email: str) -> str:
    email = email.strip().lower()
    domain = settings.ORGANISATION_EMAIL_DOMAIN.lower()
    if email.rsplit("@", 1)[-1] != domain:
        raise forms.ValidationError(
            f"Use a work address ending @{domain}: a corporate account is registered with a "
            "work email so that the organisation can recover it (003 §3.10)."
        )
    return email


class TeamChoiceField(forms.ModelChoiceField):
    widget = QuickSelect

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Team.objects.all(), required=False, empty_label="No team", **kwargs
        )


class AccountDetailsForm(forms.Form):
    """What an account is and who looks after it: the fields the register keeps up to date."""

    handle = forms.CharField(
        label="Name or handle",
        max_length=100,
        error_messages={"required": "Give the account's name or handle."},
        help_text="What the account is called on the platform, e.g. “@OPCC_Youth”.",
    )
    url = forms.URLField(
        label="Address",
        assume_scheme="https",
        required=False,
        max_length=300,
        help_text="The account's page, e.g. “https://x.com/OPCC_Youth”.",
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what the account is for."},
        help_text="What the account is for, and whom it serves.",
    )
    team = TeamChoiceField(label="Team that runs it")
    moderator = PersonField(
        label="Moderator",
        error_messages={
            "required": "Give the moderator's work email: every account has an agreed moderator."
        },
        help_text="The member of staff agreed to watch over what is posted. Every account has one.",
    )
    administrator = PersonField(
        label="Administrator",
        required=False,
        help_text="Optional. Looks after the password and the list of who has access; changes "
        "it when the team changes.",
    )
    registration_email = forms.EmailField(
        label="Work email it is registered with",
        max_length=254,
        error_messages={"required": "Give the work email the account is registered with."},
        help_text=f"An address ending @{settings.ORGANISATION_EMAIL_DOMAIN}, never a personal one.",
    )
    disclaimer_shown = forms.BooleanField(
        label="The account shows the agreed disclaimer on how to report a crime and contact the police",
        required=False,
    )

    def clean_registration_email(self):
        return _work_email(self.cleaned_data["registration_email"])


class AccountAddForm(AccountDetailsForm):
    """An account that exists already, recorded by the communications team."""

    platform = forms.ChoiceField(
        label="Platform",
        choices=Platform.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the platform the account is on."},
    )
    platform_other = forms.CharField(
        label="Which other platform",
        required=False,
        max_length=100,
        help_text="Only if you chose another platform.",
    )
    owner = PersonField(
        label="Owner",
        error_messages={"required": "Give the owner's work email."},
        help_text="The member of staff responsible for the account and what it posts.",
    )
    owner_kind = forms.ChoiceField(
        label="Who the account speaks for",
        error_messages={"required": "Choose whom the account speaks for."},
        choices=OwnerKind.choices,
        widget=forms.RadioSelect,
        help_text="An official account stays official: it can be handed over or closed, never "
        "made personal.",
    )

    field_order = [
        "platform", "platform_other", "handle", "url", "purpose", "owner_kind", "owner", "team",
        "moderator", "administrator", "registration_email", "disclaimer_shown",
    ]  # fmt: skip

    def clean(self):
        data = super().clean()
        platform, owner_kind = data.get("platform"), data.get("owner_kind")
        if platform == Platform.OTHER and not (data.get("platform_other") or "").strip():
            self.add_error("platform_other", "Say which platform the account is on.")
        if platform and owner_kind and (refusal := platform_refusal(platform, owner_kind)):
            self.add_error("platform", refusal)
        return data


class AccountEditForm(AccountDetailsForm):
    """The details of an account on the register. The platform and who it speaks for are
    fixed; the owner changes only by hand-over."""

    platform_other = forms.CharField(
        label="Platform",
        max_length=100,
        error_messages={"required": "Say which platform the account is on."},
    )

    field_order = ["platform_other", "handle", "url", "purpose", "team", "moderator", "administrator",
                   "registration_email", "disclaimer_shown"]  # fmt: skip

    def __init__(self, *args, account: Account, **kwargs):
        kwargs.setdefault("initial", _account_initial(account))
        super().__init__(*args, **kwargs)
        if account.platform != Platform.OTHER:
            del self.fields["platform_other"]

    def changes(self) -> dict:
        """Only the fields that differ from the account, as the service takes them."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


def _account_initial(account: Account) -> dict:
    return {
        "platform_other": account.platform_other,
        "handle": account.handle,
        "url": account.url,
        "purpose": account.purpose,
        "team": account.team_id,
        "moderator": account.moderator.email,
        "administrator": account.administrator.email if account.administrator_id else "",
        "registration_email": account.registration_email,
        "disclaimer_shown": account.disclaimer_shown,
    }


class CredentialsForm(forms.Form):
    """Registering an account's credentials, or changing some of them.

    For a change every box is optional: only what is typed is stored (the earlier
    value is kept, replaced). For a registration the username and password are needed.
    """

    username = forms.CharField(
        label="Username",
        max_length=200,
        required=False,
        widget=SecretTextInput(),
        help_text="What the account signs in with: often its work email or handle.",
    )
    password = forms.CharField(
        label="Password", max_length=500, required=False, widget=SecretInput()
    )
    password_again = forms.CharField(
        label="Password again",
        max_length=500,
        required=False,
        widget=SecretInput(),
        help_text="Type it a second time: nobody sees it once it is stored.",
    )
    totp_seed = forms.CharField(
        label="Authenticator (TOTP) seed",
        max_length=500,
        required=False,
        widget=SecretInput(),
        help_text="Optional. The secret behind the account's two-step codes.",
    )
    recovery_codes = forms.CharField(
        label="Recovery codes",
        max_length=4000,
        required=False,
        widget=SecretTextarea(),
        help_text="Optional. The platform's backup codes, one a line.",
    )
    notes = forms.CharField(
        label="Notes",
        max_length=4000,
        required=False,
        widget=SecretTextarea(),
        help_text="Optional. Anything else needed to sign in, e.g. security questions. Kept encrypted.",
    )

    def __init__(self, *args, registering: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.registering = registering
        if registering:
            for name in ("username", "password", "password_again"):
                self.fields[name].required = True
            self.fields["username"].error_messages["required"] = "Type the account's username."
            self.fields["password"].error_messages["required"] = "Type the account's password."
            self.fields["password_again"].error_messages["required"] = "Type the password again."

    def clean(self):
        data = super().clean()
        if (data.get("password") or "") != (data.get("password_again") or ""):
            self.add_error("password_again", "The two passwords are not the same.")
        if not self.registering and not any(data.get(name) for name in self.secret_names()):
            raise forms.ValidationError("Type at least one new credential: nothing was changed.")
        return data

    @staticmethod
    def secret_names() -> list[str]:
        return ["username", "password", "totp_seed", "recovery_codes", "notes"]

    def secrets(self) -> dict[str, str]:
        """What was typed, for the service; a change leaves out the empty boxes."""
        typed = {name: self.cleaned_data.get(name) or "" for name in self.secret_names()}
        if self.registering:
            return typed
        return {name: value for name, value in typed.items() if value}


class RevealForm(forms.Form):
    """Why someone reveals one credential of an account (kept in the audit trail)."""

    field = forms.ChoiceField(choices=Secret.Field.choices, widget=forms.HiddenInput)
    secret = forms.UUIDField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why you need to see it",
        max_length=300,
        help_text="For example “posting during the out-of-hours rota”. The owner and the accounts "
        "authority are told, and it is kept in the audit trail.",
        error_messages={
            "required": "Give the reason: it is kept in the audit trail and the owner is told."
        },
    )


class AccessGrantForm(forms.Form):
    person = PersonField(
        label="Who can sign in to it",
        error_messages={"required": "Give the work email of the person who can sign in to it."},
        help_text="Their work email, or type part of their name.",
    )


class AccessRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=300,
        help_text="Optional, e.g. “moved to another team”.",
    )


class AppAddForm(forms.Form):
    name = forms.CharField(
        label="App",
        max_length=100,
        help_text="E.g. “Hootsuite”.",
        error_messages={"required": "Give the app's name."},
    )
    access = forms.CharField(
        label="What it can do",
        max_length=300,
        error_messages={"required": "Say what the app can do on the account."},
        help_text="The permissions it was given, e.g. “post and read messages”.",
    )


class HandoverOfferForm(forms.Form):
    to_owner = PersonField(
        label="New owner",
        error_messages={
            "required": "Give the work email of the member of staff who will take it on."
        },
        help_text="The member of staff who will carry the account on. They accept or decline.",
    )
    note = forms.CharField(
        label="Note for them",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional.",
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_owner"].exclude_id = account.owner_id


class HandoverRespondForm(forms.Form):
    """The new owner accepts or declines; the side that offered the account may withdraw it.
    The buttons carry the decision."""

    decision = forms.ChoiceField(error_messages={"required": "Choose what to do with the offer."})

    def __init__(self, *args, new_owner: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = (
            [("accept", "Accept"), ("decline", "Decline")]
            if new_owner
            else [("cancel", "Withdraw the offer")]
        )


class AccountCloseForm(forms.Form):
    reason = forms.CharField(
        label="Why it is being closed",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the account is being closed."},
    )


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": "Answer yes or no."},
    )


class ReviewForm(forms.Form):
    """The owner's yearly answers about the account."""

    still_needed = _yes_no("Is the account still needed?")
    content_current = _yes_no(
        "Is what it shows accurate and up to date?", "Out-of-date posts and pages are removed."
    )
    access_right = _yes_no(
        "Is the list of people with access right?", "Nobody has access who no longer needs it."
    )
    apps_right = _yes_no("Are the connected apps right?", "Only apps the account still needs.")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: what you changed or what needs doing.",
    )

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class AtRiskClearForm(forms.Form):
    note = forms.CharField(
        label="Why the account is safe again",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. “password changed and sessions signed out on every device”.",
        error_messages={"required": "Say why the account is no longer at risk."},
    )


FLAGS = [
    ("", "Any"),
    ("password_change_required", "Password change required"),
    ("at_risk", "At risk"),
    ("review_overdue", "Review overdue"),
]


@dataclass(frozen=True)
class RegisterFilters:
    query: str = ""
    platform: str = ""
    status: str = ""
    owner: str = ""
    flag: str = ""


class AccountFilterForm(forms.Form):
    """The filters of the register (a GET form)."""

    q = forms.CharField(label="Name or handle", required=False, max_length=100)
    platform = forms.ChoiceField(
        label="Platform", required=False, choices=[("", "Any platform"), *Platform.choices]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Open (not closed)"), *Account.Status.choices, ("all", "Any status")],
    )
    owner = forms.CharField(
        label="Owner", required=False, max_length=254, help_text="Part of a name or an email."
    )
    flag = forms.ChoiceField(label="Needs attention", required=False, choices=FLAGS)

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return RegisterFilters(
            query=(data.get("q") or "").strip(),
            platform=data.get("platform", ""),
            status=data.get("status", ""),
            owner=(data.get("owner") or "").strip(),
            flag=data.get("flag", ""),
        )

    def described(self) -> dict:
        """The filters used, for the audit trail of an export."""
        data = self.cleaned_data if self.is_valid() else {}
        return {name: value for name, value in data.items() if value}


def filter_register(accounts, filters: RegisterFilters):
    """The accounts of the register that match the filters (closed ones only when asked)."""
    if filters.status == "":
        accounts = accounts.not_closed()
    elif filters.status != "all":
        accounts = accounts.filter(status=filters.status)
    if filters.platform:
        accounts = accounts.filter(platform=filters.platform)
    if filters.query:
        accounts = accounts.filter(
            Q(handle__icontains=filters.query) | Q(platform_other__icontains=filters.query)
        )
    if filters.owner:
        accounts = accounts.filter(
            Q(owner__full_name__icontains=filters.owner) | Q(owner__email__iexact=filters.owner)
        )
    if filters.flag in ("password_change_required", "at_risk"):
        accounts = accounts.filter(**{filters.flag: True})
    elif filters.flag == "review_overdue":
        accounts = accounts.filter(review_overdue())
    return accounts
