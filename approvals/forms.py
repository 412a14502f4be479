"""Forms of the requests pages. Each request type has its own form (``approvals.types``);
these are the rest: answering a question, deciding a step, comments, files, filters,
tasks and delegations. They check input; services change state."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from kernel.widgets import DateInput, QuickSelect
from staff.forms import PersonField

from .models import Request, Step
from .selectors import RequestFilters
from .types import all_types


class ReplyForm(forms.Form):
    """The requester's answer to a decision maker's question (shown above their answers)."""

    reply = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="The decision maker reads this with your answers. Change the answers below "
        "too if the question shows something needs correcting.",
        error_messages={"required": "Answer the question before sending the request back."},
    )


# What each kind of step lets the person do: (value of the button, its words).
STEP_CHOICES = {
    Step.Action.DECIDE: [
        ("approve", "Approve"),
        ("refuse", "Refuse"),
        ("ask", "Ask for more information"),
    ],
    Step.Action.CONSULT: [("advise", "Record advice"), ("ask", "Ask for more information")],
    Step.Action.NOTIFY: [("acknowledge", "Acknowledge")],
}

STEP_TEXT_LABELS = {
    Step.Action.DECIDE: (
        "Note, reason or question",
        "Optional when you approve. When you refuse, give the reason; when you ask for more "
        "information, the question. The requester reads it and it is printed on the record.",
    ),
    Step.Action.CONSULT: (
        "Your advice, or your question",
        "Your advice is read by the decision maker and printed on the record; you cannot "
        "refuse the request. To ask the requester something first, write the question.",
    ),
    Step.Action.NOTIFY: (
        "What you did (optional)",
        "For example, that the device was blocked or the account's password changed.",
    ),
}

# Text the service refuses to do without, said on the form so nothing typed is lost.
TEXT_NEEDED = {
    "refuse": "Give the reason for refusing: the requester is told it.",
    "ask": "Say what you need to know: the requester reads it.",
    "advise": "Write your advice: the decision maker reads it before deciding.",
}


class StepDecisionForm(forms.Form):
    """One form for a step: the text, and a button per thing the step allows."""

    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    decision = forms.ChoiceField(error_messages={"required": "Choose what to do with the request."})

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.buttons = STEP_CHOICES[step.action]
        # The buttons carry the decision (name="decision"); the field is not drawn.
        self.fields["decision"].choices = self.buttons
        label, help_text = STEP_TEXT_LABELS[step.action]
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in TEXT_NEEDED and not (data.get("text") or "").strip():
            self.add_error("text", TEXT_NEEDED[decision])
        return data


class InvestigationForm(forms.Form):
    """Mark a request an internal investigation, or lift the mark, with the reason."""

    action = forms.ChoiceField(
        choices=[("mark", "Mark"), ("lift", "Lift")], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Give the reason: it is kept in the audit trail."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Write the comment first."},
    )
    internal = forms.BooleanField(
        label="Internal note: only the people deciding and auditors see it, never the requester",
        required=False,
    )

    def __init__(self, *args, notes_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not notes_allowed:
            del self.fields["internal"]
        else:
            self.fields["body"].label = "Comment or internal note"


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Add a file",
        error_messages={
            "required": "Choose a file to add.",
            "empty": "That file is empty.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A PDF, image, Word, Excel, OpenDocument or plain text file, up to "
            f"{filesizeformat(settings.APPROVALS_ATTACHMENT_MAX_BYTES)}. Everyone who can "
            "see the request can download it."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.APPROVALS_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload


def too_large_message() -> str:
    limit = filesizeformat(settings.APPROVALS_ATTACHMENT_MAX_BYTES)
    return f"That file is too big: files can be up to {limit}. Make it smaller, or split it."


class RequestFilterForm(forms.Form):
    """The filters of the list of requests (a GET form)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A reference (REQ-000123), a name or words of the title.",
    )
    status = forms.ChoiceField(label="Status", required=False, widget=QuickSelect)
    type = forms.ChoiceField(label="Type", required=False, widget=QuickSelect)
    late = forms.BooleanField(label="Raised late", required=False)
    overdue = forms.BooleanField(label="A step is overdue", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [(value, label) for value, label in Request.Status.choices if value != "draft"]
        self.fields["status"].choices = [("", "Any status"), *statuses]
        self.fields["type"].choices = [("", "Any type")] + [(t.key, t.name) for t in all_types()]

    def filters(self) -> RequestFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return RequestFilters(
            status=data.get("status", ""),
            type_key=data.get("type", ""),
            query=data.get("q", ""),
            late=bool(data.get("late")),
            overdue=bool(data.get("overdue")),
        )

    def described(self) -> dict:
        """The filters used, for the audit trail."""
        data = self.cleaned_data if self.is_valid() else {}
        return {name: value for name, value in data.items() if value}


class TaskCompleteForm(forms.Form):
    note = forms.CharField(
        label="Note of what was done",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Optional. Kept with the task and shown on the request's page.",
    )


class DelegationForm(forms.Form):
    delegate = PersonField(
        label="Who decides for you",
        exclude_self=True,
        help_text="Their work email, or type part of their name. They see what waits for your "
        "decision, and what they decide is recorded as on your behalf.",
    )
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(
        label="Until", widget=DateInput(), help_text="The last day, included."
    )
    reason = forms.CharField(
        label="Why",
        required=False,
        max_length=200,
        help_text="Optional, e.g. “annual leave”.",
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].exclude_id = person.pk

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be on or after the first.")
        return data
