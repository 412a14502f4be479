"""Lists of links shown to whoever may open them: the main navigation, an app's tabs.

Each item is ``(label, URL name)`` with, optionally, a narrower audience than the
view declares, and ``exact=True`` for a page that is current only at its own
address (not at the addresses below it). Who may open a page is what its view
declares (``kernel.access``): no list of readers is kept here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import resolve, reverse

from .access import may_act_as


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    audience: frozenset | None = None
    exact: bool = False


_RESOLVED: dict[tuple, list[tuple[Link, str, frozenset]]] = {}


def _resolved(links: tuple[Link, ...]) -> list[tuple[Link, str, frozenset]]:
    """Each link with its address and audience, worked out once per list."""
    if links not in _RESOLVED:
        entries = []
        for link in links:
            url = reverse(link.url_name)
            entries.append((link, url, link.audience or resolve(url).func.access))
        _RESOLVED[links] = entries
    return _RESOLVED[links]


def links_for(user, links: tuple[Link, ...], current_path: str) -> list[dict]:
    """The links this person may use, marking the one for the current page: the one
    whose address is the longest prefix of the page's (or the page's own, if exact)."""
    entries = [
        {"label": link.label, "url": url, "active": False, "exact": link.exact}
        for link, url, audience in _resolved(links)
        if may_act_as(user, audience)
    ]
    matches = [
        entry
        for entry in entries
        if current_path == entry["url"]
        or (not entry["exact"] and entry["url"] != "/" and current_path.startswith(entry["url"]))
    ]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return entries
