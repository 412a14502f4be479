"""Authority to monitor a person's communications.

The organisation may look at the use of its phones, email, internet and social
media, but watching one person's communications, other than for training or
quality, needs written authority from the decision maker first, as does any
monitoring likely to turn up confidential or legally privileged material. The
request names the person, what is to be watched, why, and for which dates.

The person monitored never decides the request, is never told of it and never
sees it. Once authority is given Information Security is asked to set the
monitoring up, and when the last day has passed, to stop it. The policy does not
say who does the work; Information Security is the portal's choice, as the
smallest team that handles such access.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from approvals.services import task_create
from kernel.roles import RoleKey
from kernel.widgets import DateInput
from staff.forms import PersonField

from . import RequestForm, RequestType, answer_date, request_type

CHANNELS = {
    "email": "Email",
    "telephone": "Telephone calls and voicemail",
    "internet": "Internet use",
    "social_media": "Social media postings and activity",
}


class MonitoringForm(RequestForm):
    person = PersonField(
        label="Whose communications",
        exclude_self=True,
        help_text="Their work email, or type part of their name. They are not told.",
    )
    channels = forms.MultipleChoiceField(
        label="What is to be monitored",
        choices=list(CHANNELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of communication to monitor."},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text="What is suspected or needed, and why it cannot be found out another way.",
    )
    privileged = forms.BooleanField(
        label="It may turn up confidential or legally privileged material",
        required=False,
    )
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(
        label="Until", widget=DateInput(), help_text="The last day; monitoring stops after it."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.requester is not None:
            self.fields["person"].exclude_id = self.requester.pk

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and starts_on < timezone.localdate():
            self.add_error("starts_on", "Monitoring cannot be authorised for days already past.")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be on or after the first.")
        return data


@request_type
class Monitoring(RequestType):
    key = "monitoring"
    name = "Authority to monitor a person's communications"
    short_name = "Monitoring"
    summary = "Written authority to look at one person's email, calls, internet or social media."
    form_class = MonitoringForm
    decision_key = "monitoring.communications"
    affected_field = "person"
    tells_affected = False
    affected_sees = False
    order = 90

    def title_of(self, answers, people) -> str:
        person = people.get(answers.get("person"))
        return f"Monitoring of {person.full_name if person else 'a member of staff'}"

    def validity(self, answers):
        return answer_date(answers, "starts_on"), answer_date(answers, "ends_on")

    def on_approved(self, request) -> None:
        starts_on = request.starts_on or timezone.localdate()
        task_create(
            key=f"request:{request.pk}:start-monitoring",
            title=f"Set up authorised monitoring: {request.reference}",
            details=self._details(request),
            owner_role=RoleKey.INFORMATION_SECURITY,
            due_on=max(starts_on, timezone.localdate()),
            request=request,
        )

    def on_expired(self, request) -> None:
        task_create(
            key=f"request:{request.pk}:stop-monitoring",
            title=f"Stop the monitoring authorised by {request.reference}",
            details=self._details(request),
            owner_role=RoleKey.INFORMATION_SECURITY,
            due_on=timezone.localdate(),
            request=request,
        )

    def _details(self, request) -> str:
        return "\n".join(
            f"{line.label}: {line.value}"
            for line in self.describe(request.answers)
            if line.label != "Why"
        )
