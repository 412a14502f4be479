"""The main navigation: the portal's main pages, each shown to whoever may open it.

Who may open a page is what its view declares (``kernel.access``); the navigation
reads that declaration instead of keeping a list of its own.
"""

from __future__ import annotations

from django.urls import resolve, reverse

from approvals.views import DECIDING_ROLES
from kernel.access import LINE_MANAGER, may_act_as

# Pages every member of staff may open, offered in the navigation only to the people
# who decide requests (a delegate reaches them from the emails and My tasks).
DECIDERS = frozenset({LINE_MANAGER, *DECIDING_ROLES})

# (label, URL name[, audience when narrower than the view's]), in the order they appear.
ITEMS = [
    ("My tasks", "home"),
    ("Declarations", "declarations:index"),
    ("Compliance", "declarations:compliance"),
    ("New request", "approvals:catalogue"),
    ("My requests", "approvals:my_requests"),
    ("Awaiting my decision", "approvals:awaiting", DECIDERS),
    ("All requests", "approvals:request_list"),
    ("Delegations", "approvals:delegations", DECIDERS),
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
        for label, url_name, *narrower in ITEMS:
            url = reverse(url_name)
            _resolved.append((label, url, narrower[0] if narrower else resolve(url).func.access))
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
