"""Access to someone's mailbox.

Who may see or act on another person's email depends on the kind of access: an
out-of-office message needs nobody's permission, automatic forwarding, forwarding
and showing the mailbox in someone else's mail client are decided as the authority
matrix says, the last only in exceptional cases with a written justification. The
holder is told once access is approved, unless a decision maker has marked the
request an internal investigation. The IT service desk gets a task to set the
access up and, once the end date has passed, one to take it away.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from approvals.services import task_create
from kernel.roles import RoleKey
from kernel.widgets import DateInput
from staff.forms import PersonField

from . import RequestForm, RequestType, answer_date, request_type

ACCESS = {
    "out_of_office": "An out-of-office message",
    "auto_forward": "Automatic forwarding of new email to someone else",
    "forwarding": "Forwarding email already in the mailbox (read or unread)",
    "delegate_access": "The mailbox shown in another person's mail client (exceptional)",
}


class MailboxAccessForm(RequestForm):
    holder = PersonField(
        label="Whose mailbox",
        help_text="The mailbox holder's work email, or type part of their name.",
    )
    access = forms.ChoiceField(
        label="What is needed",
        choices=list(ACCESS.items()),
        widget=forms.RadioSelect,
    )
    given_to = PersonField(
        label="Who receives the email or the access",
        required=False,
        help_text="Not needed for an out-of-office message.",
    )
    reason = forms.CharField(
        label="Why it is needed",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The operational or business need. The holder will read this unless the "
        "request is part of an internal investigation.",
    )
    justification = forms.CharField(
        label="Why nothing less will do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Needed when the mailbox is to be shown in another person's mail client.",
    )
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(
        label="Until",
        required=False,
        widget=DateInput(),
        help_text="The last day. Needed for everything except an out-of-office message.",
    )

    def clean(self):
        data = super().clean()
        access = data.get("access")
        if access and access != "out_of_office":
            if not data.get("given_to"):
                self.add_error("given_to", "Say who receives the email or the access.")
            if not data.get("ends_on"):
                self.add_error("ends_on", "Give the last day the access is needed.")
        if access == "delegate_access" and not (data.get("justification") or "").strip():
            self.add_error(
                "justification",
                "Explain why this exceptional access is needed and why forwarding would not do.",
            )
        holder, given_to = data.get("holder"), data.get("given_to")
        if holder and given_to and holder.pk == given_to.pk:
            self.add_error("given_to", "The holder already has their own mailbox.")
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and starts_on < timezone.localdate():
            self.add_error("starts_on", "The first day cannot be in the past.")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be on or after the first.")
        if starts_on and ends_on and ends_on > starts_on + dt.timedelta(days=366):
            self.add_error("ends_on", "Access is given for a year at most: ask again after that.")
        return data


@request_type
class MailboxAccess(RequestType):
    key = "mailbox_access"
    name = "Access to someone's mailbox"
    short_name = "Mailbox access"
    summary = (
        "Someone's email set to an out-of-office message, forwarded to you or shown in "
        "your mail client while they are away."
    )
    form_class = MailboxAccessForm
    affected_field = "holder"
    tells_affected = True
    fixed_fields = ("access",)
    order = 10

    def decision_key_for(self, answers: dict) -> str:
        return f"mailbox.{answers.get('access', '')}"

    def title_of(self, answers, people) -> str:
        holder = people.get(answers.get("holder"))
        access = ACCESS.get(answers.get("access"), "Access").split(" (")[0]
        return f"{access}: {holder.full_name if holder else 'a mailbox'}"

    def validity(self, answers):
        return answer_date(answers, "starts_on"), answer_date(answers, "ends_on")

    def on_approved(self, request) -> None:
        answers = request.answers
        starts_on = answer_date(answers, "starts_on") or timezone.localdate()
        task_create(
            key=f"request:{request.pk}:mailbox-grant",
            title=f"Set up: {request.summary}",
            details=_what(request),
            owner_role=RoleKey.IT_SERVICE_DESK,
            due_on=max(starts_on, timezone.localdate()),
            request=request,
        )

    def on_expired(self, request) -> None:
        if request.answers.get("access") == "out_of_office":
            title = f"Remove the out-of-office message: {request.affected or request.requester}"
        else:
            title = f"Remove access: {request.summary}"
        task_create(
            key=f"request:{request.pk}:mailbox-remove",
            title=title,
            details=_what(request),
            owner_role=RoleKey.IT_SERVICE_DESK,
            due_on=timezone.localdate(),
            request=request,
        )


def _what(request) -> str:
    lines = MailboxAccess().describe(request.answers)
    return "\n".join(f"{line.label}: {line.value}" for line in lines if line.label != "Why it is needed")


