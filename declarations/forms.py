"""Forms of the declarations pages. They check input; services change state."""

from __future__ import annotations

import calendar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from kernel.device_kinds import DeviceKind
from kernel.widgets import DateInput, QuickSelect
from staff.models import Role, StaffType, Team

from .compliance import LIST_STATUSES, OVERDUE, ComplianceFilters
from .models import ORIGINAL_FILE_MAX_BYTES, Cycle, DeclarationKind, Policy, PolicyVersion

# What an original policy document may be, recognised by its first bytes, not its name.
ORIGINAL_FILE_TYPES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
}


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["title", "owner_role", "review_date"]
        labels = {"owner_role": "Owned by", "review_date": "Next review"}
        help_texts = {"review_date": "When the owner must next review the policy."}
        widgets = {"review_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_role"].queryset = Role.objects.order_by("name")
        self.fields["owner_role"].empty_label = "No role named"


class PolicyVersionForm(forms.ModelForm):
    """A draft version: its number, dates, text and whether people must declare again."""

    class Meta:
        model = PolicyVersion
        fields = [
            "number", "effective_date", "summary_of_changes", "body_markdown",
            "material_change", "grace_days", "original_file",
        ]
        labels = {
            "number": "Version number",
            "effective_date": "Takes effect on",
            "summary_of_changes": "What changed",
            "body_markdown": "Policy text",
            "material_change": "This is a material change: everyone it applies to must declare again",
            "grace_days": "Days they have to declare again",
            "original_file": "Original document (optional)",
        }
        help_texts = {
            "number": "For example 5.0 or 2026.1. Each version of a policy has its own number.",
            "summary_of_changes": "A sentence or two for staff: what is different from the last version.",
            "body_markdown": (
                "Write in Markdown: a line starting with ## is a heading (## 3. Email); "
                "numbered lines (1. 2. 3.) are numbered clauses; *text* is emphasis; "
                "[words](https://…) is a link; a table uses | between cells."
            ),
            "material_change": (
                "Tick this when the change alters what people must do. Leave it unticked for "
                "corrections of wording, layout or contact details."
            ),
            "grace_days": "Counted from publication. Usually 28.",
            "original_file": "The signed-off document as a PDF, Word (.docx) or OpenDocument (.odt) file, up to 10 MB.",
        }
        widgets = {
            "effective_date": DateInput(),
            "summary_of_changes": forms.Textarea(attrs={"rows": 3}),
            "body_markdown": forms.Textarea(attrs={"rows": 24, "class": "font-monospace"}),
            "original_file": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
        }

    def __init__(self, *args, policy: Policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        taken = self.policy.versions.filter(number__iexact=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"{self.policy} already has a version {number}. Give this one another number.")
        return number

    def clean_original_file(self):
        upload = self.cleaned_data.get("original_file")
        if not upload or not hasattr(upload, "content_type"):  # nothing new uploaded
            return upload
        if upload.size > ORIGINAL_FILE_MAX_BYTES:
            raise ValidationError(
                f"The file is {filesizeformat(upload.size)}; the largest allowed is "
                f"{filesizeformat(ORIGINAL_FILE_MAX_BYTES)}."
            )
        name = upload.name.lower()
        extension = name[name.rfind("."):] if "." in name else ""
        start = upload.read(8)
        upload.seek(0)
        signatures = ORIGINAL_FILE_TYPES.get(extension)
        if not signatures or not start.startswith(signatures):
            raise ValidationError("Choose a PDF, Word (.docx) or OpenDocument (.odt) file.")
        return upload

    def version_fields(self) -> dict:
        """The fields for the services; ``original_file`` only when a new file was uploaded."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if not isinstance(fields["original_file"], UploadedFile):  # none, or the draft's own
            fields.pop("original_file")
        return fields


MONTHS = [("", "Choose a month")] + [(str(i), calendar.month_name[i]) for i in range(1, 13)]


class DeclarationKindForm(forms.ModelForm):
    audience_staff_types = forms.MultipleChoiceField(
        label="Staff types",
        choices=StaffType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every staff type.",
    )
    audience_teams = forms.ModelMultipleChoiceField(
        label="Teams",
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every team.",
    )
    device_kinds_held = forms.MultipleChoiceField(
        label="Holders of these kinds of device",
        choices=DeviceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only people who hold one of these (of those chosen above) sign it, every "
        "year while they hold one. Leave all unticked if holding a device does not matter.",
    )
    device_kinds_before_issue = forms.MultipleChoiceField(
        label="Must be signed before one of these is issued",
        choices=DeviceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The IT service desk cannot issue a device of these kinds to someone "
        "who has not signed it.",
    )
    fixed_month = forms.TypedChoiceField(
        label="Due each year by: month", choices=MONTHS, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = DeclarationKind
        fields = [
            "name", "key", "description", "policy", "cycle", "fixed_month", "fixed_day",
            "audience_everyone", "audience_staff_types", "audience_teams",
            "device_kinds_held", "device_kinds_before_issue", "new_starter_grace_days", "active", "order",
        ]
        labels = {
            "key": "Short reference",
            "policy": "Policy it covers",
            "cycle": "How often",
            "fixed_day": "Due each year by: day",
            "audience_everyone": "Everyone: every member of staff signs it",
            "new_starter_grace_days": "Days a new starter has to sign",
            "active": "In use (untick to stop asking anyone to sign it)",
            "order": "Position in lists",
        }
        help_texts = {
            "key": "Lower-case letters, numbers and hyphens, e.g. annual-declaration. It never changes once people sign.",
            "description": "One or two sentences for staff: what this declaration is and why they sign it.",
            "fixed_day": "Only for 'Every year by a fixed date', e.g. 1 for 1 April.",
            "new_starter_grace_days": "Counted from their start date. Usually 14.",
            "audience_everyone": "",
            "active": "",
        }
        error_messages = {
            "name": {"required": "Give the declaration a name, e.g. Mobile device declaration."},
            "key": {
                "required": "Give a short reference, e.g. mobile-device.",
                "unique": "Another kind of declaration already has this reference.",
            },
            "policy": {"required": "Choose the policy this declaration covers."},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = Policy.objects.order_by("title")
        self.fields["cycle"].choices = Cycle.choices
        if self.instance.pk and self.instance.requirements.exists():
            self.fields["key"].disabled = True

    def clean(self):
        data = super().clean()
        narrowed = data.get("audience_staff_types") or data.get("audience_teams")
        if data.get("audience_everyone") and narrowed:
            raise ValidationError(
                "Untick 'Everyone' to limit who signs to some staff types or teams."
            )
        if not (data.get("audience_everyone") or narrowed or data.get("device_kinds_held")):
            raise ValidationError(
                "Say who signs it: tick 'Everyone', or choose staff types, teams or kinds of device held."
            )
        if data.get("cycle") == Cycle.FIXED_DATE and not (data.get("fixed_month") and data.get("fixed_day")):
            self.add_error("fixed_day", "Choose the month and day it is due each year.")
        return data

    def kind_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "audience_teams"}
        fields["audience_staff_types"] = list(fields["audience_staff_types"])
        for name in ("device_kinds_held", "device_kinds_before_issue"):
            ticked = set(fields[name])
            fields[name] = [kind for kind in DeviceKind.values if kind in ticked]
        return fields


class StatementForm(forms.Form):
    text = forms.CharField(
        label="Statement", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


# A declaration has a handful of statements and questions; the caps stop a forged
# form count from making the page build thousands of forms.
MAX_STATEMENTS = MAX_QUESTIONS = 50

StatementFormSet = forms.formset_factory(
    StatementForm, extra=2, can_delete=True, max_num=MAX_STATEMENTS, absolute_max=MAX_STATEMENTS
)


class QuestionForm(forms.Form):
    question = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    choices = forms.CharField(
        label="Answers",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One answer per line, in the order people see them. Put * before the right one.",
    )
    explanation = forms.CharField(
        label="Explanation shown after a wrong answer",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("question") and not data.get("choices"):
            return data
        if not data.get("question"):
            self.add_error("question", "Write the question, or empty its answers to remove it.")
        lines = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        choices = [(line.lstrip("*").strip(), line.startswith("*")) for line in lines]
        if len(choices) < 2:
            self.add_error("choices", "Give at least two answers, one per line.")
        elif sum(correct for _text, correct in choices) != 1:
            self.add_error("choices", "Mark exactly one answer as the right one, with * before it.")
        if not data.get("explanation"):
            self.add_error("explanation", "Explain the right answer: people see this when they choose wrongly.")
        data["parsed_choices"] = choices
        return data


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=1, can_delete=True, max_num=MAX_QUESTIONS, absolute_max=MAX_QUESTIONS
)


def statements_initial(kind: DeclarationKind | None) -> list[dict]:
    return [{"text": s.text} for s in kind.statements.all()] if kind else []


def questions_initial(kind: DeclarationKind | None) -> list[dict]:
    if not kind:
        return []
    return [
        {
            "question": q.question,
            "explanation": q.explanation,
            "choices": "\n".join(("*" if c.is_correct else "") + c.text for c in q.choices.all()),
        }
        for q in kind.questions.prefetch_related("choices")
    ]


def statements_from(formset) -> list[str]:
    return [
        form.cleaned_data["text"].strip()
        for form in formset.forms
        if form.cleaned_data.get("text", "").strip() and not form.cleaned_data.get("DELETE")
    ]


def questions_from(formset) -> list[dict]:
    return [
        {
            "question": form.cleaned_data["question"].strip(),
            "explanation": form.cleaned_data["explanation"].strip(),
            "choices": form.cleaned_data["parsed_choices"],
        }
        for form in formset.forms
        if form.cleaned_data.get("question") and not form.cleaned_data.get("DELETE")
    ]


class SigningForm(forms.Form):
    """The statements to tick, the comprehension questions and the typed name.

    Fields are not required here: declarations.services.declaration_sign decides
    what is missing or wrong and says so, field by field.
    """

    typed_name = forms.CharField(
        label="Your full name",
        max_length=150,
        required=False,
        help_text="Type your name as your staff record has it. Capitals and spaces do not matter.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    shown_sha256 = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind: DeclarationKind, statements, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement_fields = []
        for number, statement in enumerate(statements, start=1):
            name = f"statement_{statement.pk}"
            self.fields[name] = forms.BooleanField(label=statement.text, required=False)
            self.fields[name].short_label = f"Statement {number}"
            self.statement_fields.append(name)
        self.question_fields = []
        for number, question in enumerate(questions, start=1):
            name = f"question_{question.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=question.question,
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[name].short_label = f"Question {number}"
            self.question_fields.append(name)
        self.fields["typed_name"].short_label = "Your full name"
        # Field order on the page: statements, questions, then the name.
        self.order_fields(self.statement_fields + self.question_fields + ["typed_name", "shown_sha256"])

    def statements(self):
        return [self[name] for name in self.statement_fields]

    def questions(self):
        return [self[name] for name in self.question_fields]

    def statements_confirmed(self) -> list[int]:
        return [int(name.split("_")[1]) for name in self.statement_fields if self.cleaned_data.get(name)]

    def answers(self) -> dict[int, int | None]:
        return {int(name.split("_")[1]): self.cleaned_data.get(name) for name in self.question_fields}

    def error_summary(self) -> list[dict]:
        """Each error with a short name and the id to jump to, in page order."""
        summary = [{"label": "", "message": message, "anchor": ""} for message in self.non_field_errors()]
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                anchor = self[name].auto_id + ("_0" if name in self.question_fields else "")
                summary.append({"label": getattr(field, "short_label", field.label), "message": message, "anchor": anchor})
        return summary


class DeviceHolderFilterForm(forms.Form):
    q = forms.CharField(label="Name, email or team", required=False, max_length=100)
    device_kind = forms.ChoiceField(
        label="Kind of device", choices=[("", "Any kind")] + DeviceKind.choices, required=False
    )


class RequirementExtendForm(forms.Form):
    """More time for one person to make one declaration."""

    until = forms.DateField(
        label="New due date",
        widget=DateInput(),
        help_text="Reminders and escalation will follow this date.",
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Recorded with the extension and in the audit trail, e.g. long-term sick leave.",
    )


class ComplianceFilterForm(forms.Form):
    """What the compliance page shows: a cycle, the filters and which people to list."""

    # Every list written out by QuickSelect: the page is read often, by a large force's
    # chief executive among others, and its team list alone has hundreds of options.
    cycle = forms.TypedChoiceField(
        label="Cycle", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    kind = forms.ModelChoiceField(
        label="Declaration", queryset=DeclarationKind.objects.all(), required=False,
        empty_label="All declarations", widget=QuickSelect,
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.all(), required=False, empty_label="All teams",
        widget=QuickSelect,
    )
    staff_type = forms.ChoiceField(
        label="Staff type", required=False, choices=[("", "All staff types"), *StaffType.choices],
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        label="List people whose declaration is", required=False, choices=LIST_STATUSES,
        widget=QuickSelect,
    )  # fmt: skip

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [("", "Now")] + [
            (year, f"Due in {year}") for year in years
        ]

    def filters(self) -> ComplianceFilters:
        data = self.cleaned_data
        return ComplianceFilters(
            year=data["cycle"],
            kind=data["kind"],
            team=data["team"],
            staff_type=data["staff_type"],
            status=data["status"] or OVERDUE,
        )
