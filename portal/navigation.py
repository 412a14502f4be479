"""The main navigation, built from what the person may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from staff.models import Role

from .access import may_act_as


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    audience: frozenset


def _item(label, url_name, *audience):
    return NavItem(label, url_name, frozenset(audience))


ITEMS = [
    _item("My tasks", "home", "staff"),
    _item("Declarations", "declarations:index", "staff"),
    _item(
        "Compliance", "declarations:compliance",
        Role.CHIEF_EXECUTIVE, Role.ADMINISTRATOR, Role.AUDITOR, "line_manager",
    ),
    _item("Requests", "approvals:index", "staff"),
    _item("Social-media accounts", "accounts_registry:index", "staff"),
    _item("My records", "records:my_records", "staff"),
    _item("Staff", "staff:list", Role.ADMINISTRATOR, Role.AUDITOR, Role.CHIEF_EXECUTIVE),
    _item("Audit trail", "records:audit", Role.ADMINISTRATOR, Role.AUDITOR, Role.CHIEF_EXECUTIVE),
]


def navigation_for(user, current_path: str) -> list[dict]:
    """Navigation entries this person may use, marking the one for the current page.

    The current entry is the one whose address is the longest prefix of the page's.
    """
    entries = []
    for item in ITEMS:
        if not may_act_as(user, item.audience):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "active": False})
    matches = [
        e for e in entries
        if current_path == e["url"] or (e["url"] != "/" and current_path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return entries
