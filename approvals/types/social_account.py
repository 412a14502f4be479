"""A new corporate social-media account.

Nobody opens an account that speaks for the organisation until it is approved in
writing. The request shows what the authority needs to judge it: whom the account
will speak for (the requester, their team, or the whole organisation), the
platform, the name the account will go by, the purpose it serves and the benefit
it brings, who it is for, and the moderator who will watch over it, for every
account must have one agreed. The organisation's rules say which platforms each
kind of account may be on (``accounts_registry.rules``): a platform they do not
allow is refused here, quoting the clause. The account is registered with a work
email address on the organisation's own domain, never a personal one, so that the
organisation can recover it; and the requester confirms they have read the social
media guidance.

Once approved, the account enters the register awaiting registration, with the
requester as its owner, who is reminded until its credentials are registered.
Registering them completes the request (``approvals.receivers``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings

from accounts_registry.models import Account
from accounts_registry.rules import platform_refusal
from accounts_registry.services import account_create_from_request
from kernel.platforms import OwnerKind, Platform
from staff.forms import PersonField
from staff.models import Team, User

from . import RequestForm, RequestType, request_type

# Whom the account speaks for, in the requester's words.
SPEAKS_FOR = [
    (OwnerKind.INDIVIDUAL, "Me, in my work role"),
    (OwnerKind.TEAM, "My team"),
    (OwnerKind.ORGANISATION, "The whole organisation"),
]


class SocialAccountForm(RequestForm):
    owner_kind = forms.ChoiceField(
        label="Who the account will speak for",
        choices=SPEAKS_FOR,
        widget=forms.RadioSelect,
        help_text="The organisation allows different platforms for each.",
    )
    platform = forms.ChoiceField(
        label="Platform", choices=Platform.choices, widget=forms.RadioSelect
    )
    platform_other = forms.CharField(
        label="Which other platform",
        required=False,
        max_length=100,
        help_text="Only if you chose another platform.",
    )
    name = forms.CharField(
        label="Proposed name or handle",
        max_length=100,
        help_text="What the account will be called, e.g. “@OPCC_Youth”.",
    )
    purpose = forms.CharField(
        label="Purpose and benefit",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="What the account is for and how it helps the organisation's work.",
    )
    audience = forms.CharField(
        label="Who it is for",
        max_length=300,
        help_text="The people you want to reach, e.g. “young people in Coventry”.",
    )
    moderator = PersonField(
        label="Moderator",
        help_text="The member of staff who will watch over what is posted. Every account "
        "needs one agreed before it opens.",
    )
    team = forms.ModelChoiceField(
        label="Team that will run it",
        queryset=Team.objects.order_by("name"),
        help_text="Your team unless another one will run the account.",
    )
    email = forms.EmailField(
        label="Work email the account will be registered with",
        max_length=254,
        help_text="A work address, so the organisation can recover the account if it is "
        "taken over.",
    )
    guidance_read = forms.BooleanField(
        label="I have read the social media guidance and understand my responsibilities "
        "for the account",
        error_messages={
            "required": "Confirm that you have read the social media guidance: an account "
            "is approved only for someone who has."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.requester is not None and self.requester.team_id and not self.initial.get("team"):
            self.initial["team"] = self.requester.team_id

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        domain = settings.ORGANISATION_EMAIL_DOMAIN.lower()
        if email.rsplit("@", 1)[-1] != domain:
            raise forms.ValidationError(
                f"Use a work address ending @{domain}: corporate accounts are registered "
                "with a work email, never a personal one (003 §3.10)."
            )
        return email

    def clean(self):
        data = super().clean()
        platform, owner_kind = data.get("platform"), data.get("owner_kind")
        if platform == Platform.OTHER and not (data.get("platform_other") or "").strip():
            self.add_error("platform_other", "Say which platform the account will be on.")
        if platform and owner_kind:
            refusal = platform_refusal(platform, owner_kind)
            if refusal:
                self.add_error("platform", refusal)
        if platform and data.get("name") and _on_the_register(platform, data["name"]):
            self.add_error(
                "name",
                f"{data['name'].strip()} is already on the register for "
                f"{Platform(platform).label}: choose another name.",
            )
        return data


def _on_the_register(platform: str, handle: str) -> bool:
    return (
        Account.objects.not_closed()
        .filter(platform=platform, handle__iexact=handle.strip())
        .exists()
    )


@request_type
class SocialAccount(RequestType):
    key = "social_account"
    name = "A new corporate social-media account"
    short_name = "New social-media account"
    summary = "Opening an account that posts for the organisation, on any platform."
    form_class = SocialAccountForm
    decision_key = "social_account.new"
    order = 30

    def title_of(self, answers, people) -> str:
        return f"New {platform_of(answers)} account: {answers.get('name', '')}"

    def on_approved(self, request) -> None:
        """Enter the account on the register, awaiting registration, owned by the requester.

        Safe to call twice: the register keeps one entry per request.
        """
        answers = request.answers
        # A request made before these questions were asked names no kind of owner, and
        # its team in words.
        team = answers.get("team")
        account_create_from_request(
            request_id=request.pk,
            platform=answers["platform"],
            platform_other=answers.get("platform_other") or "",
            handle=answers["name"],
            purpose=answers["purpose"],
            owner=request.requester,
            owner_kind=answers.get("owner_kind") or OwnerKind.TEAM,
            team=Team.objects.filter(pk=team).first() if isinstance(team, int) else None,
            moderator=User.objects.get(pk=answers["moderator"]),
            registration_email=answers["email"],
        )


def platform_of(answers: dict) -> str:
    platform = answers.get("platform")
    if platform == Platform.OTHER:
        return answers.get("platform_other") or "social-media"
    return Platform(platform).label if platform in Platform.values else "social-media"
