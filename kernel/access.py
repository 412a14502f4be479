"""Who may open each page.

Every view the portal serves is wrapped in exactly one of these decorators. Each
records on the view who it is for (``view.access``), which the test that walks
every URL as every role reads: a URL without a declaration fails that test.

Audiences:

* ``ANONYMOUS``: anyone, signed in or not.
* ``STAFF``: anyone signed in.
* ``LINE_MANAGER``: people with at least one current direct report.
* a role key (``RoleKey.ADMINISTRATOR``, …): people holding that role today, who
  must also have multi-factor authentication set up before they can use it.

``uses_role`` is the one test of a role's power, for pages and authorizers alike.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.core.exceptions import ReauthenticationRequired
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

ANONYMOUS = "anonymous"
STAFF = "staff"
LINE_MANAGER = "line_manager"


def _declare(view, audience):
    view.access = frozenset(audience)
    return view


def public(view):
    """Open to anyone."""
    return _declare(view, {ANONYMOUS})


def staff_required(view):
    """Open to anyone signed in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(wrapper, {STAFF})


def has_mfa(user) -> bool:
    """Whether the person has a second factor set up (cached on the user for the request)."""
    if not hasattr(user, "_has_mfa"):
        user._has_mfa = is_mfa_enabled(user)
    return user._has_mfa


def uses_role(user, *keys: str) -> bool:
    """Whether ``user`` may use the powers of any of the roles ``keys`` now.

    They must be signed in and active, hold one of the roles today, and have
    multi-factor authentication set up: a role's power counts only with it.
    """
    if not keys or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_role(*keys) and has_mfa(user)


def may_act_as(user, audience) -> bool:
    """Whether this signed-in person belongs to one of the audiences (MFA aside)."""
    if STAFF in audience:
        return True
    if LINE_MANAGER in audience and user.is_line_manager:
        return True
    return user.has_role(*(a for a in audience if a not in (STAFF, LINE_MANAGER, ANONYMOUS)))


def role_required(*roles: str, line_manager: bool = False):
    """Open to holders of any of ``roles`` (and line managers if asked).

    A role holder without multi-factor authentication is sent to set it up first.
    Others get 403, which is audited.
    """
    audience = set(roles) | ({LINE_MANAGER} if line_manager else set())

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.has_role(*roles):
                if not has_mfa(user):
                    return redirect("mfa_required")
                return view(request, *args, **kwargs)
            if line_manager and user.is_line_manager:
                return view(request, *args, **kwargs)
            raise PermissionDenied("This page is for " + ", ".join(sorted(audience)))

        return _declare(wrapper, audience)

    return decorator


def authentication_records(request) -> list[dict]:
    """How this session's person proved who they are: allauth's records, oldest first.

    Each is a dict with ``method`` ("password", "mfa", "socialaccount", …), ``at``
    (a UNIX time) and details such as the MFA ``type``.
    """
    records = request.session.get("account_authentication_methods", [])
    return [r for r in records if isinstance(r, dict)]


def authentication_methods(request) -> list[str]:
    """The distinct ways this session was authenticated, e.g. ["mfa:totp", "password"]."""
    names = set()
    for record in authentication_records(request):
        method = record.get("method", "")
        names.add(f"{method}:{record['type']}" if record.get("type") else method)
    return sorted(names - {""})


def recently_authenticated(request) -> bool:
    """Whether the person signed in, or confirmed who they are, within the timeout."""
    times = [r["at"] for r in authentication_records(request) if r.get("at")]
    return bool(times) and time.time() - max(times) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def recent_authentication_required(view):
    """Ask the person to confirm who they are again unless they did so recently.

    Use it inside one of the access decorators, on views that sign, approve or
    reveal. GET requests pass so the page can be read; the action (POST) needs a
    sign-in or re-authentication within ``ACCOUNT_REAUTHENTICATION_TIMEOUT``.
    allauth's middleware turns the exception into its re-authentication page,
    which brings the person back here afterwards.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") and not recently_authenticated(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper


def second_factor_recent(request) -> bool:
    """Whether the person confirmed who they are recently enough to decide something:
    with their second factor if they have one (at sign-in or since), else in any way,
    within ``ACCOUNT_REAUTHENTICATION_TIMEOUT``."""
    records = authentication_records(request)
    if has_mfa(request.user):
        records = [r for r in records if r.get("method") == "mfa"]
    times = [r["at"] for r in records if isinstance(r.get("at"), int | float)]
    return bool(times) and time.time() - max(times) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def confirm_identity_url(request, next_url: str) -> str:
    """Where the person confirms who they are before coming back to ``next_url``: their
    second factor's re-authentication page if they have one (the authenticator app
    first, else a passkey), otherwise their password's."""
    return f"{_confirm_page(request.user)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def _confirm_page(user) -> str:
    if not has_mfa(user):
        return reverse("account_reauthenticate")
    methods = get_adapter().get_reauthentication_methods(user)
    second_factors = [m["url"] for m in methods if m["id"].startswith("mfa_reauthenticate")]
    return second_factors[0] if second_factors else reverse("mfa_reauthenticate")


def recent_second_factor_required(view):
    """Decisions need the person to have confirmed who they are just now.

    Use it inside ``staff_required`` (or ``role_required``). Reading the page (GET)
    needs nothing more; acting on it (POST) needs ``second_factor_recent``. Someone
    with a second factor is sent to confirm it (a password alone does not do), and
    someone without one to their password; either way allauth keeps the form they
    sent and submits it again once they have confirmed, so nothing typed is lost.
    Pages should still warn, with ``confirm_identity_url``, before the form is filled.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") or second_factor_recent(request):
            return view(request, *args, **kwargs)
        if has_mfa(request.user):
            return suspend_request(request, _confirm_page(request.user))
        raise ReauthenticationRequired()

    return wrapper


def declare_access(view, *audience: str):
    """Declare the audience of a third-party view that enforces access itself."""
    return _declare(view, set(audience))
