"""Due dates and kinds of declaration in words, and policy text as safe HTML."""

from __future__ import annotations

import calendar
import datetime as dt

from django import template
from django.utils import timezone

from declarations.markdown import render_policy_markdown
from declarations.models import Cycle, DeclarationKind
from records.templatetags.record_tags import format_value

register = template.Library()


def due_status(due: dt.date, today: dt.date | None = None) -> dict:
    """How a due date stands today: a phrase and a style ('danger' when overdue).

    ``{"phrase": "Overdue by 5 days", "style": "danger", "overdue": True}``
    """
    today = today or timezone.localdate()
    days = (due - today).days
    if days < 0:
        late = -days
        return {"phrase": f"Overdue by {late} day{'s' if late != 1 else ''}", "style": "danger", "overdue": True}
    if days == 0:
        return {"phrase": "Due today", "style": "warning", "overdue": False}
    if days <= 7:
        return {"phrase": f"Due in {days} day{'s' if days != 1 else ''}", "style": "warning", "overdue": False}
    return {"phrase": f"Due in {days} days", "style": "secondary", "overdue": False}


@register.inclusion_tag("declarations/_due.html")
def due_date(due: dt.date, today: dt.date | None = None):
    """The due date with a badge saying how it stands."""
    return {"due": due, "status": due_status(due, today)}


@register.filter
def audience_in_words(kind: DeclarationKind) -> str:
    """'Everyone', or e.g. 'Permanent and Agency staff in Finance who hold an issued device'."""
    if kind.audience_everyone:
        who = "Everyone"
    else:
        types = kind.staff_type_labels()
        who = (" and ".join(filter(None, [", ".join(types[:-1]), types[-1]])) + " staff") if types else "Staff"
        teams = [team.name for team in kind.audience_teams.all()]
        if teams:
            who += " in " + ", ".join(teams)
    if kind.device_kinds_held:
        who += " who hold " + _either(kind.device_kind_labels())
    return who


@register.filter
def before_issue_in_words(kind: DeclarationKind) -> str:
    """'Signed before a mobile phone or a tablet is issued', or nothing."""
    if not kind.device_kinds_before_issue:
        return ""
    return f"Signed before {_either(kind.device_kind_labels('device_kinds_before_issue'))} is issued"


def _either(labels: list[str]) -> str:
    """'a mobile phone or a tablet'."""
    names = [label[0].lower() + label[1:] for label in labels]
    names = [f"{'an' if name[0] in 'aeiou' else 'a'} {name}" for name in names]
    return " or ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


@register.filter
def cycle_in_words(kind: DeclarationKind) -> str:
    """'Every year by 1 April', 'Every year from the last signature', …"""
    if kind.cycle == Cycle.FIXED_DATE and kind.fixed_month and kind.fixed_day:
        return f"Every year by {kind.fixed_day} {calendar.month_name[kind.fixed_month]}"
    return kind.get_cycle_display()


@register.filter
def policy_markdown(text: str):
    return render_policy_markdown(text)


@register.filter
def evidence_value(value) -> str:
    """A value of a record's evidence as a person reads it (dates in words, times in UTC)."""
    return format_value(value)
