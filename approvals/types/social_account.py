"""A new corporate social-media account.

Nobody opens an account that speaks for the organisation until it is approved in
writing. The request shows what the authority needs to judge it: the platform,
the name the account will go by, the purpose it serves and the benefit it brings,
who it is for, and the moderator who will watch over it, for every account must
have one agreed. The account is registered with a work email address on the
organisation's own domain, never a personal one, so that the organisation can
recover it; and the requester confirms they have read the social media guidance.
Once approved, the communications team is given a task to register the account.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from approvals.services import task_create
from kernel.roles import RoleKey
from kernel.workdays import add_working_days
from staff.forms import PersonField

from . import RequestForm, RequestType, request_type

PLATFORMS = {
    "twitter": "Twitter/X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "wordpress": "WordPress blog",
    "other": "Another platform",
}

# Working days the communications team has to register an approved account.
REGISTER_WITHIN_WORKING_DAYS = 5


class SocialAccountForm(RequestForm):
    platform = forms.ChoiceField(
        label="Platform", choices=list(PLATFORMS.items()), widget=forms.RadioSelect
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
    team = forms.CharField(
        label="Team that will run it",
        max_length=150,
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
            self.initial["team"] = self.requester.team.name

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
        if data.get("platform") == "other" and not (data.get("platform_other") or "").strip():
            self.add_error("platform_other", "Say which platform the account will be on.")
        return data


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
        answers = request.answers
        task_create(
            key=f"request:{request.pk}:register-account",
            title=f"Register the new {platform_of(answers)} account {answers.get('name', '')}",
            details="\n".join(
                f"{line.label}: {line.value}"
                for line in self.describe(answers)
                if line.label != SocialAccountForm.base_fields["guidance_read"].label
            ),
            owner_role=RoleKey.COMMUNICATIONS,
            due_on=add_working_days(timezone.localdate(), REGISTER_WITHIN_WORKING_DAYS),
            request=request,
        )


def platform_of(answers: dict) -> str:
    if answers.get("platform") == "other":
        return answers.get("platform_other") or "social-media"
    return PLATFORMS.get(answers.get("platform"), "social-media")
