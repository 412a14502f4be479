"""Due dates in words, and policy text as safe HTML."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from declarations.markdown import render_policy_markdown

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
def policy_markdown(text: str):
    return render_policy_markdown(text)


@register.filter
def evidence_value(value) -> str:
    """A value of a record's evidence as a person reads it (dates in words, times in UTC)."""
    from records.templatetags.record_tags import format_value

    return format_value(value)
