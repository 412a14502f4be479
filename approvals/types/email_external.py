"""Email access for a non-employee.

Someone who does not work for the organisation, such as a contractor's consultant
or a partner agency's secondee, may be given a work email account only when
Information Security authorises it, on a request made by a member of staff who
sponsors them. The permission is for set dates, a year at most: once approved the
IT service desk is asked to create the account, and once the last day has passed,
to close it.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from approvals.services import task_create
from kernel.roles import RoleKey
from kernel.widgets import DateInput

from . import RequestForm, RequestType, answer_date, request_type

LONGEST = dt.timedelta(days=366)


class EmailExternalForm(RequestForm):
    full_name = forms.CharField(label="Their full name", max_length=150)
    organisation = forms.CharField(
        label="Who they work for", max_length=200, help_text="Their employer or agency."
    )
    reason = forms.CharField(
        label="Why they need a work email account",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="What they are doing for the organisation. You sponsor them: you are "
        "the person IT and Information Security ask about the account.",
    )
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(
        label="Until",
        widget=DateInput(),
        help_text="The last day they need the account; a year at most. The account is "
        "closed after it.",
    )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and starts_on < timezone.localdate():
            self.add_error("starts_on", "The first day cannot be in the past.")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be on or after the first.")
        elif starts_on and ends_on and ends_on > starts_on + LONGEST:
            self.add_error(
                "ends_on", "An account is given for a year at most: ask again after that."
            )
        return data


@request_type
class EmailExternal(RequestType):
    key = "email_external"
    name = "Email access for a non-employee"
    short_name = "External email account"
    summary = "A work email account for a contractor, secondee or someone else who is not staff."
    form_class = EmailExternalForm
    decision_key = "email.external_access"
    order = 80

    def title_of(self, answers, people) -> str:
        return (
            f"Email account for {answers.get('full_name', '')} ({answers.get('organisation', '')})"
        )

    def validity(self, answers):
        return answer_date(answers, "starts_on"), answer_date(answers, "ends_on")

    def on_approved(self, request) -> None:
        starts_on = request.starts_on or timezone.localdate()
        task_create(
            key=f"request:{request.pk}:create-account",
            title=f"Create an email account for {request.answers.get('full_name', '')}",
            details=self._details(request),
            owner_role=RoleKey.IT_SERVICE_DESK,
            due_on=max(starts_on, timezone.localdate()),
            request=request,
        )

    def on_expired(self, request) -> None:
        task_create(
            key=f"request:{request.pk}:close-account",
            title=f"Close the email account of {request.answers.get('full_name', '')}",
            details=self._details(request),
            owner_role=RoleKey.IT_SERVICE_DESK,
            due_on=timezone.localdate(),
            request=request,
        )

    def _details(self, request) -> str:
        lines = [f"{line.label}: {line.value}" for line in self.describe(request.answers)]
        lines.append(f"Sponsor: {request.requester.full_name} ({request.requester.email})")
        return "\n".join(lines)
