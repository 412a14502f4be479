"""Deleting an email from a recipient's mailbox.

Sometimes an email goes to the wrong person and the sender has good reason to
want it gone. The sender cannot arrange that alone: a manager must agree, and the
IT service desk goes into the recipient's mailbox only on that authority. The
check exists so that someone who sent an improper email on purpose cannot have it
removed to cover their tracks, which is also why the recipient never decides the
request. The policy says nothing about telling the recipient, so the portal does
not write to them.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from approvals.services import task_create
from kernel.roles import RoleKey
from kernel.widgets import DateInput
from kernel.workdays import add_working_days
from staff.forms import PersonField

from . import RequestForm, RequestType, request_type

DELETE_WITHIN_WORKING_DAYS = 1


class EmailDeleteForm(RequestForm):
    recipient = PersonField(
        label="Whose mailbox the email is in",
        exclude_self=True,
        help_text="The recipient's work email, or type part of their name.",
    )
    sent_on = forms.DateField(label="When you sent it", widget=DateInput())
    subject = forms.CharField(
        label="Its subject line", max_length=300, help_text="Exactly as it was sent."
    )
    reason = forms.CharField(
        label="Why it must be deleted",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, it went to the wrong person and holds personal details.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.requester is not None:
            self.fields["recipient"].exclude_id = self.requester.pk

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise forms.ValidationError("The date it was sent cannot be in the future.")
        return sent_on


@request_type
class EmailDelete(RequestType):
    key = "email_delete"
    name = "Deleting an email from a recipient's mailbox"
    short_name = "Email deletion"
    summary = "An email you sent by mistake removed from the mailbox of the person who got it."
    form_class = EmailDeleteForm
    decision_key = "email.delete"
    affected_field = "recipient"
    tells_affected = False
    order = 70

    def title_of(self, answers, people) -> str:
        recipient = people.get(answers.get("recipient"))
        name = recipient.full_name if recipient else "a recipient"
        return f"Delete “{answers.get('subject', '')}” from {name}'s mailbox"

    def on_approved(self, request) -> None:
        answers = request.answers
        task_create(
            key=f"request:{request.pk}:delete-email",
            title=f"Delete an email: {request.summary}",
            details="\n".join(
                f"{line.label}: {line.value}"
                for line in self.describe(answers)
                if line.label != "Why it must be deleted"
            )
            + f"\nSent by: {request.requester.full_name} ({request.requester.email})",
            owner_role=RoleKey.IT_SERVICE_DESK,
            due_on=add_working_days(timezone.localdate(), DELETE_WITHIN_WORKING_DAYS),
            request=request,
        )
