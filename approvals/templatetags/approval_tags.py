"""Small helpers of the requests pages' templates."""

from __future__ import annotations

from django import template

from approvals.types import get_type
from records.templatetags.record_tags import format_value

register = template.Library()


@register.filter
def type_name(type_key: str) -> str:
    """A request type's name from its key (the key itself if the type has gone)."""
    try:
        return get_type(type_key).name
    except LookupError:
        return type_key


@register.filter
def step_verb(action: str) -> str:
    """What the button leading to a step's page says."""
    return {"decide": "Decide", "consult": "Give advice", "notify": "Acknowledge"}.get(
        action, "Open"
    )


@register.filter
def evidence_value(value) -> str:
    """A value of a decision record's evidence as a person reads it (dates in words,
    times in UTC), as every record prints them."""
    return format_value(value)
