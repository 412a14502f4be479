"""Remote working.

Working away from the office, reaching the organisation's information from a
portable device, needs formal permission, and only the organisation's own
equipment may be used for it: never a personal computer or phone. Before asking,
the person must have signed the security operating procedures for mobile and
remote working (and any newer version they have been asked to sign and are now
late with); until then the request cannot be sent, and they are shown where to
sign. Where the organisation has no such declaration, nothing is waited for.

Permission lasts a year from the first day. When the year is over the requester
is told it needs renewing: remote working is reviewed every year.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils import timezone

from declarations.models import Declaration, DeclarationKind
from declarations.selectors import outstanding_requirements
from kernel.widgets import DateInput
from notifications.services import notify
from staff.models import User

from . import RequestForm, RequestType, answer_date, request_type

# The declaration kind of the security operating procedures (its key, as the demo
# data and administrators name it).
SECURITY_PROCEDURES_KEY = "security-operating-procedures"


class RemoteWorkingForm(RequestForm):
    location = forms.CharField(
        label="Where you will work",
        max_length=300,
        help_text="For example “at home in Solihull” or “at partner offices in the region”.",
    )
    equipment = forms.CharField(
        label="The equipment you will use",
        max_length=300,
        help_text="The issued laptop, phone or tablet, with its asset tag if you know it.",
    )
    corporate_equipment = forms.BooleanField(
        label="I will work remotely only on equipment the organisation has issued to me",
        error_messages={
            "required": "Confirm you will use only issued equipment: remote working on a "
            "personal device is not allowed."
        },
    )
    starts_on = forms.DateField(label="From", widget=DateInput())
    reason = forms.CharField(
        label="Why you need to work remotely",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError("The first day cannot be in the past.")
        return starts_on


@request_type
class RemoteWorking(RequestType):
    key = "remote_working"
    name = "Remote working"
    short_name = "Remote working"
    summary = "Working away from the office on issued equipment, for up to a year at a time."
    form_class = RemoteWorkingForm
    decision_key = "remote_working"
    order = 50

    def why_not(self, requester: User) -> tuple[str, str] | None:
        kind = DeclarationKind.objects.filter(key=SECURITY_PROCEDURES_KEY, active=True).first()
        if kind is None:
            return None
        owed = outstanding_requirements(requester).filter(kind=kind).first()
        signed = Declaration.objects.filter(user=requester, kind=kind).exists()
        if signed and (owed is None or owed.due >= timezone.localdate()):
            return None
        link = (
            reverse("declarations:sign", args=[owed.pk]) if owed else reverse("declarations:index")
        )
        if signed:
            message = f"Sign the new version of the {kind.name.lower()} first: yours is overdue."
        else:
            message = f"Sign the {kind.name.lower()} before asking to work remotely."
        return message, link

    def title_of(self, answers, people) -> str:
        starts_on = answer_date(answers, "starts_on")
        when = f" from {starts_on:%-d %B %Y}" if starts_on else ""
        return f"Remote working{when}: {answers.get('location', '')}"

    def validity(self, answers):
        starts_on = answer_date(answers, "starts_on")
        return starts_on, (year_after(starts_on) if starts_on else None)

    def on_expired(self, request) -> None:
        notify(
            recipient=request.requester,
            kind="request_renewal_due",
            key=f"request:{request.pk}:renewal",
            context={"request": request},
            link=request.get_absolute_url(),
        )


def year_after(day: dt.date) -> dt.date:
    """The last day of a year that starts on ``day``: the day before its anniversary."""
    try:
        anniversary = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + 1, month=3, day=1)
    return anniversary - dt.timedelta(days=1)
