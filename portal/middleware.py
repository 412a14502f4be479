"""Session lifetime limits, no caching of signed-in pages, and auditing of refused access."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_log
from kernel.http import client_ip

from .audit_actions import AccessAction

# Write the "last seen" time at most this often, so not every request saves the session.
LAST_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Sign people out after ``SESSION_IDLE_TIMEOUT`` idle or ``SESSION_ABSOLUTE_TIMEOUT`` in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("portal_started_at", now)
            last_seen = request.session.get("portal_last_seen", now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            expired = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or expired:
                logout(request)
                messages.info(
                    request,
                    "You were signed out after a period of inactivity."
                    if idle
                    else "Your session reached its maximum length. Please sign in again.",
                )
                return redirect(settings.LOGIN_URL)
            if now - last_seen >= LAST_SEEN_RESOLUTION or "portal_last_seen" not in request.session:
                request.session["portal_last_seen"] = now
        response = self.get_response(request)
        if request.user.is_authenticated and "portal_started_at" not in request.session:
            # Signed in by this very request: both limits count from now.
            now = int(time.time())
            request.session["portal_started_at"] = request.session["portal_last_seen"] = now
        return response


class NoStoreForSignedInMiddleware:
    """Keep what a signed-in person is sent out of the browser's cache and any other.

    Pages, downloads and redirects for someone signed in hold personal data, audit
    entries and compliance figures, which a shared computer's browser cache would
    keep after they sign out: each gets ``Cache-Control: no-store``, unless the view
    set its own. The answers to signing in and out count too. Static files never
    reach this middleware: WhiteNoise answers them first, with their long lifetimes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        signed_in = signed_in or request.user.is_authenticated
        if signed_in and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


# Refusals recorded one by one for each person (or, signed out, each address) in
# any minute: far more than anyone meets by following links, far fewer than a
# script trying every page.
ACCESS_DENIED_EVENTS_PER_MINUTE = 10


class PermissionDeniedAuditMiddleware:
    """Record refused authorisations in the audit trail, without letting a flood of them in.

    Up to ``ACCESS_DENIED_EVENTS_PER_MINUTE`` refusals a minute are recorded for
    each person; the next one is recorded as "refused repeatedly", once, and the
    rest are not recorded until the minute has passed. The counts are read from the
    trail itself, so they hold across processes and restarts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            self._record(request)
        return None

    @staticmethod
    def _record(request) -> None:
        details = {"path": request.path[:500], "method": request.method}
        recent = AuditEvent.objects.filter(occurred_at__gt=timezone.now() - timedelta(minutes=1))
        if request.user.is_authenticated:
            recent = recent.filter(actor=request.user)
        else:
            recent = recent.filter(actor=None, ip_address=client_ip(request))
        if recent.filter(action=AccessAction.DENIED).count() < ACCESS_DENIED_EVENTS_PER_MINUTE:
            audit_log(action=AccessAction.DENIED, request=request, details=details)
        elif not recent.filter(action=AccessAction.DENIED_REPEATEDLY).exists():
            audit_log(
                action=AccessAction.DENIED_REPEATEDLY,
                request=request,
                details={**details, "recorded_per_minute": ACCESS_DENIED_EVENTS_PER_MINUTE},
            )
