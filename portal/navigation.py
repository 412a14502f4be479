"""The main navigation: the portal's main pages, each shown to whoever may open it.

Who may open a page is what its view declares (``kernel.access``); the navigation
reads that declaration instead of keeping a list of its own.
"""

from __future__ import annotations

from django.urls import resolve, reverse

from kernel.access import may_act_as

# (label, URL name), in the order they appear.
ITEMS = [
    ("My tasks", "home"),
    ("Declarations", "declarations:index"),
    ("Compliance", "declarations:compliance"),
    ("Requests", "approvals:index"),
    ("Social-media accounts", "accounts_registry:index"),
    ("My records", "records:my_records"),
    ("Staff", "staff:list"),
    ("Audit trail", "audit:event_list"),
]

_resolved: list[tuple[str, str, frozenset]] | None = None


def _entries() -> list[tuple[str, str, frozenset]]:
    """Each item's label, address and the audience its view declares (worked out once)."""
    global _resolved
    if _resolved is None:
        _resolved = []
        for label, url_name in ITEMS:
            url = reverse(url_name)
            _resolved.append((label, url, resolve(url).func.access))
    return _resolved


def navigation_for(user, current_path: str) -> list[dict]:
    """Navigation entries this person may use, marking the one for the current page.

    The current entry is the one whose address is the longest prefix of the page's.
    """
    entries = [
        {"label": label, "url": url, "active": False}
        for label, url, audience in _entries()
        if may_act_as(user, audience)
    ]
    matches = [
        e for e in entries
        if current_path == e["url"] or (e["url"] != "/" and current_path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return entries
