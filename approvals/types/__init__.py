"""The kinds of request staff can make, one module each.

A request type says what the requester is asked (its form), which decision of the
authority matrix routes it (``decision_key``), who it affects, for which dates a
permission holds, and what happens when it is approved or its dates end. The
engine (``approvals/services.py``) does the rest: steps, deadlines, records. A new
type is one more module in this package, registered with ``@request_type``; the
engine does not change.

Answers are kept as JSON: people by their id, dates as ISO strings. ``answers_of``
turns a valid form into answers, ``initial_of`` turns answers back into a form's
starting values, and ``describe`` lays answers out for people to read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module
from pkgutil import iter_modules

from django import forms
from django.db.models import Model

from staff.forms import PersonField
from staff.models import User

_TYPES: dict[str, RequestType] = {}


@dataclass(frozen=True)
class Line:
    """One answer as the request page and the record show it."""

    label: str
    value: str


class RequestType:
    """What every request type says about itself; override what differs."""

    key: str = ""
    name: str = ""
    # One line for the catalogue: when to use this type.
    summary: str = ""
    form_class: type[forms.Form]
    # The decision of the authority matrix that routes it (see decision_key_for).
    decision_key: str = ""
    # Reports are acknowledged by everyone told at once, not approved.
    is_report: bool = False
    # The form field naming the person the request affects, if any.
    affected_field: str = ""
    # Whether that person is told when the request is approved.
    tells_affected: bool = False
    # Whether that person may see the request at all (not when it is about watching them).
    affected_sees: bool = True
    # Working days each step has before it is due.
    step_working_days: int = 5
    # Fields whose answer cannot change once submitted (they choose the route).
    fixed_fields: tuple[str, ...] = ()
    # The first words of the request's title in lists, e.g. "Mailbox access".
    short_name: str = ""
    # Staff see it in the catalogue; some types are raised by other parts of the portal.
    in_catalogue: bool = True
    order: int = 100

    def decision_key_for(self, answers: dict) -> str:
        """The authority matrix decision for these answers."""
        return self.decision_key

    def why_not(self, requester: User) -> tuple[str, str] | None:
        """Why this person cannot raise the request now, with a link to put it right."""
        return None

    def make_form(self, data=None, *, requester: User, initial: dict | None = None, files=None):
        return self.form_class(data, files, initial=initial, requester=requester)

    def title_of(self, answers: dict, people: dict[int, User]) -> str:
        """A one-line title for lists."""
        return self.short_name or self.name

    def validity(self, answers: dict) -> tuple[dt.date | None, dt.date | None]:
        """The dates a permission holds, if it has any."""
        return None, None

    def is_late(self, answers: dict, *, today: dt.date, organisation) -> bool:
        """Whether the request came in later than the policy asks."""
        return False

    def on_submitted(self, request) -> None:
        """Work that cannot wait for a decision, done as the request is sent (e.g. a lost
        device's accounts protected at once)."""

    def on_approved(self, request) -> None:
        """Work that follows approval: tasks, register entries, messages."""

    def on_expired(self, request) -> None:
        """Work that follows the end of the permission's dates."""

    def daily(self, today: dt.date) -> int:
        """Anything this type sends or does each day (e.g. advice before travel)."""
        return 0

    def describe(self, answers: dict, people: dict[int, User] | None = None) -> list[Line]:
        """The answers in the form's order, as people read them."""
        people = people if people is not None else people_named(self, [answers])
        form = self.form_class(requester=None)
        lines = []
        for name, field in form.fields.items():
            if answers.get(name) in (None, "", []) or field.widget.is_hidden:
                continue
            lines.append(Line(str(field.label or name), display(field, answers[name], people)))
        return lines

    def person_fields(self) -> list[str]:
        form = self.form_class(requester=None)
        return [name for name, field in form.fields.items() if isinstance(field, PersonField)]


def request_type(cls: type[RequestType]) -> type[RequestType]:
    """Register a request type (a class decorator)."""
    instance = cls()
    if instance.key in _TYPES:
        raise ValueError(f"Two request types use the key {instance.key!r}")
    _TYPES[instance.key] = instance
    return cls


def get_type(key: str) -> RequestType:
    try:
        return _TYPES[key]
    except KeyError:
        raise LookupError(f"No request type {key!r}") from None


def all_types() -> list[RequestType]:
    return sorted(_TYPES.values(), key=lambda t: (t.order, t.name))


def load_types() -> None:
    """Import every module of this package, which registers its type."""
    for module in iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")


class RequestForm(forms.Form):
    """Base of every type's form: it knows who is asking (None when only describing)."""

    def __init__(self, *args, requester: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requester = requester


def answers_of(form: forms.Form) -> dict:
    """A valid form's answers as JSON-safe values."""
    return {name: _json_value(value) for name, value in form.cleaned_data.items()}


def _json_value(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def initial_of(request_type_: RequestType, answers: dict) -> dict:
    """Answers as a form's starting values: people by work email."""
    initial = dict(answers)
    people = people_named(request_type_, [answers])
    for name in request_type_.person_fields():
        person = people.get(answers.get(name))
        initial[name] = person.email if person else ""
    return initial


def people_named(request_type_: RequestType, answer_sets: list[dict]) -> dict[int, User]:
    """Everyone the answers name, in one query."""
    ids = {
        answers.get(name)
        for answers in answer_sets
        for name in request_type_.person_fields()
        if isinstance(answers.get(name), int)
    }
    if not ids:
        return {}
    return {person.pk: person for person in User.objects.filter(pk__in=ids).select_related("team")}


def answer_date(answers: dict, name: str) -> dt.date | None:
    value = answers.get(name)
    return dt.date.fromisoformat(value) if value else None


def display(field: forms.Field, value, people: dict[int, User]) -> str:
    """One answer as text."""
    if value in (None, "", []):
        return "Not given"
    if isinstance(field, PersonField):
        person = people.get(value)
        return person.full_name if person else "Someone no longer on the staff list"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.DateField):
        return dt.date.fromisoformat(value).strftime("%-d %B %Y")
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)
