"""Small helpers of the requests pages' templates."""

from __future__ import annotations

from django import template

from approvals.types import get_type
from approvals.views import DECIDING_ROLES
from kernel.access import LINE_MANAGER
from kernel.navigation import Link, links_for
from records.templatetags.record_tags import format_value

register = template.Library()

# Offered only to the people who decide requests (a delegate reaches these pages from
# the emails and My tasks), though every member of staff may open them.
DECIDERS = frozenset({LINE_MANAGER, *DECIDING_ROLES})

# The requests pages' tabs: one entry of the main navigation leads to them all.
TABS = (
    Link("New request", "approvals:catalogue"),
    Link("My requests", "approvals:my_requests", exact=True),
    Link("Awaiting my decision", "approvals:awaiting", DECIDERS),
    Link("All requests", "approvals:request_list"),
    Link("Tasks", "approvals:my_tasks"),
    Link("Delegations", "approvals:delegations", DECIDERS),
)


@register.inclusion_tag("approvals/_tabs.html", takes_context=True)
def request_tabs(context):
    """The tabs of the requests pages, each for whoever may open it."""
    request = context["request"]
    return {"tabs": links_for(request.user, TABS, request.path)}


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
