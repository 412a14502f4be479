"""The main navigation: the portal's main pages, each shown to whoever may open it.

Who may open a page is what its view declares (``kernel.access``); the navigation
reads that declaration instead of keeping a list of its own. The requests pages
share one entry; their own tabs (``approvals``) lead to the rest.
"""

from __future__ import annotations

from kernel.access import LINE_MANAGER
from kernel.navigation import Link, links_for
from kernel.roles import RoleKey

# The leaver pages are open to anyone signed in (a case's page to the people with an
# item on it), but the entry is shown to those who start cases or work through them.
LEAVER_WORKERS = frozenset(
    {
        LINE_MANAGER,
        RoleKey.HR,
        RoleKey.ADMINISTRATOR,
        RoleKey.IT_SERVICE_DESK,
        RoleKey.COMMUNICATIONS,
        RoleKey.AUDITOR,
    }
)

# In the order they appear.
ITEMS = (
    Link("My tasks", "home"),
    Link("Declarations", "declarations:index"),
    Link("Compliance", "declarations:compliance"),
    Link("Requests", "approvals:my_requests"),
    Link("Social-media accounts", "accounts_registry:my_accounts"),
    Link("Leavers", "leavers:case_list", audience=LEAVER_WORKERS),
    Link("My records", "records:my_records"),
    Link("Staff", "staff:list"),
    Link("Devices", "devices:device_list"),
    Link("Audit trail", "audit:event_list"),
)


def navigation_for(user, current_path: str) -> list[dict]:
    """Navigation entries this person may use, marking the one for the current page."""
    return links_for(user, ITEMS, current_path)
