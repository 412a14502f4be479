"""Every URL declares who may see it, and every role gets exactly that.

The test walks every URL pattern the portal serves and requests it (GET) as an
anonymous visitor, an ordinary member of staff, a line manager, a Django admin
user and a holder of each role (with two-factor authentication set up). A view
whose audience is not declared with kernel.access fails the first test: add the
declaration when you add a URL.
"""

from __future__ import annotations

import re

import pytest

from kernel.access import ANONYMOUS, LINE_MANAGER, STAFF
from portal.thirdparty import ADMIN_AUDIENCE
from staff.models import Role

from .url_walk import PERSONAS, all_routes, persona_client, sample_url


def test_every_url_declares_its_audience():
    undeclared = [
        f"{r.pattern} ({r.name or 'unnamed'})"
        for r in all_routes()
        if not getattr(r.callback, "access", None)
    ]
    assert not undeclared, "URLs without an access declaration:\n" + "\n".join(undeclared)


def expected_allowed(audience: frozenset, persona: str) -> bool:
    if ANONYMOUS in audience:
        return True
    if persona == "anonymous":
        return False
    if ADMIN_AUDIENCE in audience:
        return persona == "django_admin"
    if STAFF in audience:
        return True
    if persona == "line_manager":
        return LINE_MANAGER in audience
    return persona in audience


@pytest.fixture
def clients(db):
    """A signed-in test client per persona (role holders with MFA done)."""
    return {persona: persona_client(persona) for persona in PERSONAS}


def is_login_redirect(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith("/accounts/login/") or "/django-admin/login/" in location
    )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=", re.I)


def csp_problems(url: str, response) -> list[str]:
    """Inline script or style in a page would be refused by the Content Security Policy."""
    if "text/html" not in response.get("Content-Type", "") or url.startswith("/django-admin/"):
        return []
    html = response.content.decode(errors="replace")
    problems = []
    if INLINE_SCRIPT.search(html):
        problems.append(f"{url}: inline <script> (the CSP refuses it)")
    if STYLE_ATTRIBUTE.search(html) or "<style" in html:
        problems.append(f"{url}: inline style (the CSP refuses it)")
    return problems


def test_every_url_answers_each_role_as_declared(clients):
    assert set(PERSONAS[4:]) == set(Role.objects.values_list("key", flat=True))
    problems = []
    for route in all_routes():
        url = sample_url(route)
        for persona, client in clients.items():
            allowed = expected_allowed(route.callback.access, persona)
            response = client.get(url)
            status = response.status_code
            if allowed:
                ok = status in (200, 204, 405) or (
                    status == 302 and not is_login_redirect(response)
                ) or (status == 404 and route.has_args)
                # allauth lets a signed-in visitor reach sign-in pages only to leave them,
                # and answers 404 (or 401 on its error page) for a step that does not
                # apply, such as recovery codes of someone without two-factor set up.
                ok = ok or (ANONYMOUS in route.callback.access and status in (302, 404))
                ok = ok or (route.pattern.startswith("accounts/") and status in (401, 404))
                # The admin applies its own model permissions: read-only models refuse add/delete.
                ok = ok or (ADMIN_AUDIENCE in route.callback.access and status == 403)
            else:
                ok = status in (403, 404) or is_login_redirect(response)
            if status == 200:
                problems.extend(csp_problems(url, response))
            if not ok:
                problems.append(
                    f"{url} as {persona}: {status} {response.get('Location', '')} "
                    f"(expected {'allowed' if allowed else 'refused'})"
                )
    assert not problems, "\n".join(problems)
