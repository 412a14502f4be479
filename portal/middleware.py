"""Session lifetime limits and auditing of refused access."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from audit.services import audit_log

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


class PermissionDeniedAuditMiddleware:
    """Record every refused authorisation in the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit_log(
                action=AccessAction.DENIED,
                request=request,
                details={"path": request.path[:500], "method": request.method},
            )
        return None
