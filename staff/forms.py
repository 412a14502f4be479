"""Forms of the staff pages, and the person field any form may use. They check input;
services change state."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import F, Q
from django.forms.renderers import TemplatesSetting
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format

from kernel.csvimport import CsvUploadForm
from kernel.device_kinds import DeviceKind
from kernel.platforms import Platform
from kernel.widgets import DateInput, QuickSelect

from . import selectors
from .authority_presets import DEFAULT_PRESET, PRESET_LABELS
from .models import OrganisationSettings, Role, RoleAssignment, StaffType, Team, User
from .services import check_reporting_line


class PersonPicker(forms.TextInput):
    """A text box for a work email that suggests people as they are typed.

    Without JavaScript it is a plain text box. With it, htmx asks ``search_url`` for
    suggestions and static/staff/person_picker.js makes the box an ARIA combobox.
    htmx sends what was typed under the box's own name, so the address also says
    that name (``field``), and whom to leave out (``exclude``, from ``exclude_id``).
    """

    template_name = "staff/widgets/person_picker.html"
    search_url = ""
    exclude_id: int | None = None
    suggestions_label = "Suggested people"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.suggestions_url(name)
        context["widget"]["suggestions_label"] = self.suggestions_label
        return context

    def suggestions_url(self, name: str) -> str:
        if not self.search_url:
            return ""
        query = {"field": name, **({"exclude": self.exclude_id} if self.exclude_id else {})}
        return f"{self.search_url}?{urlencode(query)}"

    def render(self, name, value, attrs=None, renderer=None):
        # The template lives with the project's templates, which the default form
        # renderer does not search.
        return super().render(name, value, attrs, renderer=TemplatesSetting())


class PersonEmailField(forms.CharField):
    """A person named by their work email; the form turns it into the person."""

    widget = PersonPicker

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=254, **kwargs)


class PersonField(forms.CharField):
    """A current member of staff, for any form any member of staff fills in.

    The box takes a work email; as a name is typed, ``staff:person_picker_hx``
    suggests people by name, job title and team. ``clean()`` returns the current
    ``User`` with that work email, or None when the box is left empty and the
    field is not required. Someone deactivated or past their leaving date is
    refused.

    To keep one person out, usually whoever fills in the form, set ``exclude_id``
    once the form exists; they are then left out of the suggestions and refused
    if typed::

        form = MailboxAccessForm(request.POST or None)
        form.fields["given_to"].exclude_id = request.user.pk

    ``exclude_self=True`` says the field is about someone other than the person
    filling it in: the refusal then reads "You cannot choose yourself here", and
    cleaning without ``exclude_id`` set is a programming error.
    """

    widget = PersonPicker

    def __init__(self, *, exclude_self: bool = False, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)
        self.exclude_self = exclude_self
        self.widget.search_url = reverse_lazy("staff:person_picker_hx")

    @property
    def exclude_id(self) -> int | None:
        # Kept on the widget, which puts it in the suggestions address.
        return self.widget.exclude_id

    @exclude_id.setter
    def exclude_id(self, pk: int | None) -> None:
        self.widget.exclude_id = pk

    def prepare_value(self, value):
        return value.email if isinstance(value, User) else value

    def clean(self, value) -> User | None:
        typed = super().clean(value)
        if not typed:
            return None
        if self.exclude_self and self.exclude_id is None:
            raise ImproperlyConfigured("Set exclude_id to the person filling in the form.")
        person = User.objects.filter(email__iexact=typed).first()
        if person is None:
            raise ValidationError(_unknown_person_message(typed, self.exclude_id))
        if person.pk == self.exclude_id:
            raise ValidationError(
                "You cannot choose yourself here."
                if self.exclude_self
                else f"{person.full_name} cannot be chosen here."
            )
        if not person.can_sign_in:
            raise ValidationError(_no_longer_works_here_message(person))
        return person


def _unknown_person_message(typed: str, exclude_id: int | None) -> str:
    """Why ``typed`` names no one, with the people it may have meant (for pages without JavaScript)."""
    if "@" in typed:
        problem = f"No one on the staff list has the work email “{typed}”."
    else:
        problem = f"“{typed}” is not a work email address."
    # Of an address, only the part before the @: the domain part matches everybody.
    near = selectors.person_suggestions(typed.split("@")[0], exclude_id=exclude_id, limit=3)
    if not near:
        return f"{problem} Check the spelling, or add them to the staff list first."
    names = "; ".join(f"{p.full_name} ({p.email})" for p in near)
    return f"{problem} Type the email of the person you mean: {names}."


def _no_longer_works_here_message(person: User) -> str:
    return (
        f"{person.full_name} ({person.email}) no longer works here (their account is "
        f"deactivated or their leaving date has passed). Choose a current member of staff."
    )


def clean_work_email(email: str) -> str:
    """The address in lower case, if it is on the organisation's domain; refused otherwise."""
    email = email.strip().lower()
    domain = settings.ORGANISATION_EMAIL_DOMAIN.lower()
    if email.rsplit("@", 1)[-1] != domain:
        raise ValidationError(f"Use their work address ending @{domain}.")
    return email


# The person pickers of the staff form, and what the person chosen in each is called.
PERSON_FIELDS = {"line_manager": "line manager", "mailbox_nominee": "mailbox continuity nominee"}


class StaffForm(forms.ModelForm):
    """A staff record as an administrator creates or edits it."""

    new_team = forms.CharField(
        label="Or add a new team",
        required=False,
        max_length=120,
        help_text="Type a name to create a team that is not in the list.",
    )
    line_manager = PersonEmailField(
        label="Line manager",
        help_text="Their work email address. Or type part of their name and choose from the "
        "suggestions. Leave empty if they have no line manager.",
    )
    mailbox_nominee = PersonEmailField(
        label="Mailbox continuity nominee",
        help_text="The work email address of another person who can reach this work mailbox "
        "when its holder is away, as the policy requires.",
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "email",
            "job_title",
            "team",
            "staff_type",
            "line_manager",
            "mailbox_nominee",
            "start_date",
            "leaving_date",
        ]
        labels = {"email": "Work email address", "team": "Team"}
        help_texts = {
            "email": f"Their @{settings.ORGANISATION_EMAIL_DOMAIN} address. They sign in with it.",
            "leaving_date": "Leave empty unless they are leaving. Their sign-in stops after this day.",
        }
        widgets = {"start_date": DateInput(), "leaving_date": DateInput(), "team": QuickSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.instance
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["team"].empty_label = "No team"
        for name in PERSON_FIELDS:
            chosen = getattr(person, name) if getattr(person, f"{name}_id") else None
            self.initial[name] = chosen.email if chosen else ""
            widget = self.fields[name].widget
            widget.search_url = reverse("staff:person_search_hx")
            widget.exclude_id = person.pk
            widget.suggestions_label = f"Suggested {PERSON_FIELDS[name]}s"
        self.order_fields(
            ["full_name", "email", "job_title", "team", "new_team", "staff_type", "line_manager"]
        )

    def clean_email(self) -> str:
        return clean_work_email(self.cleaned_data["email"])

    def clean_line_manager(self) -> User | None:
        return self._person_from_email("line_manager")

    def clean_mailbox_nominee(self) -> User | None:
        return self._person_from_email("mailbox_nominee")

    def _person_from_email(self, name: str) -> User | None:
        """The person whose work email was typed: current staff, or whoever holds it now."""
        typed = self.cleaned_data[name]
        if not typed:
            return None
        person = User.objects.filter(email__iexact=typed).first()
        own_pk = self.instance.pk
        if person is None:
            raise ValidationError(_unknown_person_message(typed, own_pk))
        if own_pk and person.pk == own_pk:
            raise ValidationError(f"A person cannot be their own {PERSON_FIELDS[name]}.")
        kept = person.pk == getattr(self.instance, f"{name}_id")
        if not kept and not User.objects.current().filter(pk=person.pk).exists():
            raise ValidationError(_no_longer_works_here_message(person))
        return person

    def clean_new_team(self) -> str:
        return " ".join(self.cleaned_data["new_team"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("team") and cleaned.get("new_team"):
            self.add_error("new_team", "Choose a team from the list or type a new one, not both.")
        start, leaving = cleaned.get("start_date"), cleaned.get("leaving_date")
        if start and leaving and leaving < start:
            self.add_error("leaving_date", "The leaving date must be on or after the start date.")
        manager = cleaned.get("line_manager")
        if self.instance.pk and manager is not None:
            try:
                check_reporting_line(self.instance, manager)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def staff_fields(self) -> dict:
        """The cleaned values as ``services.staff_save`` takes them, besides the new team."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label="Why are you deactivating this account?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the audit trail, for example 'Left the organisation on 31 March'.",
    )


class RoleAssignForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=Role.objects.order_by("name"), empty_label="Choose a role"
    )
    starts_on = forms.DateField(label="From", widget=DateInput(), initial=timezone.localdate)
    last_day = forms.DateField(
        label="Last day in the role (optional)",
        required=False,
        widget=DateInput(),
        help_text="Leave empty if the role has no end date.",
    )

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self):
        cleaned = super().clean()
        role, starts_on, last_day = (cleaned.get(k) for k in ("role", "starts_on", "last_day"))
        if starts_on and last_day and last_day < starts_on:
            self.add_error("last_day", "The last day must be on or after the start date.")
            return cleaned
        if role and starts_on:
            clash = self._overlapping(role, starts_on, last_day)
            if clash is not None:
                until = f" to {date_format(clash.last_day, 'j F Y')}" if clash.last_day else ""
                self.add_error(
                    "role",
                    f"{self.person} already holds this role from "
                    f"{date_format(clash.starts_on, 'j F Y')}{until}.",
                )
        return cleaned

    def _overlapping(self, role, starts_on, last_day):
        ends_on = last_day + dt.timedelta(days=1) if last_day else None
        clashes = RoleAssignment.objects.filter(user=self.person, role=role).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)
        )
        if ends_on is not None:
            clashes = clashes.filter(starts_on__lt=ends_on)
        return clashes.exclude(ends_on=F("starts_on")).order_by("starts_on").first()

    @property
    def ends_on(self):
        last_day = self.cleaned_data.get("last_day")
        return last_day + dt.timedelta(days=1) if last_day else None


STATUS_CHOICES = [
    ("active", "Current staff"),
    ("inactive", "Deactivated"),
    ("left", "Leaving date passed"),
    ("all", "Everyone"),
]


class StaffFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=100, help_text="Name, email or job title"
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="All teams",
        widget=QuickSelect,
    )
    staff_type = forms.ChoiceField(
        label="Staff type", required=False, choices=[("", "All staff types"), *StaffType.choices]
    )
    role = forms.ModelChoiceField(
        queryset=Role.objects.order_by("name"),
        required=False,
        empty_label="Any or no role",
        to_field_name="key",
    )
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    def filters(self) -> dict:
        """What to filter by; anything not valid is ignored rather than refused."""
        if not self.is_bound:
            data = {}
        elif not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        return {
            "query": data.get("q", ""),
            "team": data.get("team"),
            "staff_type": data.get("staff_type", ""),
            "role": data.get("role"),
            "status": data.get("status") or "active",
        }


class StaffImportForm(CsvUploadForm):
    file_label = "CSV file of staff"


class AuthorityPresetForm(forms.Form):
    preset = forms.ChoiceField(
        label="Organisation's policy",
        choices=list(PRESET_LABELS.items()),
        initial=DEFAULT_PRESET,
    )
    confirm = forms.BooleanField(
        label="I understand this replaces who decides every decision in the matrix, and the "
        "organisation settings the policy sets",
    )


SECURITY_ADVICE_MAX_LENGTH = 5000


ACCOUNT_DISCLAIMER_MAX_LENGTH = 2000
PLATFORM_FIELDS = (
    "platforms_for_individuals",
    "platforms_for_teams",
    "platforms_for_organisation",
)


def _platforms_field(label: str, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def device_staff_types_field_name(device_kind: str) -> str:
    return f"device_staff_types_{device_kind}"


class OrganisationSettingsForm(forms.ModelForm):
    """The organisation settings as an administrator edits them.

    Who may be issued each kind of device is a grid: a row of staff-type boxes for
    each kind, saved together as ``device_staff_types``.
    """

    platforms_for_individuals = _platforms_field(
        "Platforms a member of staff may have an account on",
        "For an account that speaks for one person. Leave all unticked if staff may not "
        "have their own.",
    )
    platforms_for_teams = _platforms_field(
        "Platforms a team may have an account on", "For an account that speaks for a team."
    )
    platforms_for_organisation = _platforms_field(
        "Platforms the organisation may have an account on",
        "For an account that speaks for the whole organisation.",
    )

    class Meta:
        model = OrganisationSettings
        fields = [
            "device_abroad_notice_days",
            "escalation_working_days",
            "fallback_role",
            "security_advice",
            *PLATFORM_FIELDS,
            "platform_rules_clause",
            "platform_rules_review_needed",
            "account_disclaimer",
        ]
        widgets = {
            "security_advice": forms.Textarea(attrs={"rows": 6}),
            "account_disclaimer": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fallback = self.fields["fallback_role"]
        fallback.queryset = Role.objects.order_by("name")
        fallback.empty_label = "The chief executive (or, if nobody is, the monitoring officer)"
        self._add_device_staff_types_fields()
        for name, limit in (
            ("security_advice", SECURITY_ADVICE_MAX_LENGTH),
            ("account_disclaimer", ACCOUNT_DISCLAIMER_MAX_LENGTH),
        ):
            self.fields[name].validators.append(MaxLengthValidator(limit))
            self.fields[name].widget.attrs["maxlength"] = limit

    def _add_device_staff_types_fields(self) -> None:
        chosen = self.instance.device_staff_types or {}
        for kind, label in DeviceKind.choices:
            self.fields[device_staff_types_field_name(kind)] = forms.MultipleChoiceField(
                label=label,
                choices=StaffType.choices,
                required=False,
                initial=chosen.get(kind, []),
                widget=forms.CheckboxSelectMultiple,
            )

    def device_staff_types_fields(self):
        """The grid's rows, one bound field per kind of device."""
        return [self[device_staff_types_field_name(kind)] for kind in DeviceKind.values]

    def clean(self):
        data = super().clean()
        grid = {}
        for kind in DeviceKind.values:
            ticked = set(data.pop(device_staff_types_field_name(kind), None) or [])
            if ticked:
                grid[kind] = [key for key in StaffType.values if key in ticked]
        data["device_staff_types"] = grid
        return data

    def _clean_platforms(self, name: str) -> list[str]:
        """The ticked platforms in the portal's own order, so an unchanged rule compares equal."""
        ticked = set(self.cleaned_data[name])
        return [platform for platform in Platform.values if platform in ticked]

    def clean_platforms_for_individuals(self):
        return self._clean_platforms("platforms_for_individuals")

    def clean_platforms_for_teams(self):
        return self._clean_platforms("platforms_for_teams")

    def clean_platforms_for_organisation(self):
        return self._clean_platforms("platforms_for_organisation")
