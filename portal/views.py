"""The home dashboard, health check and the pages that belong to no one app."""

import time

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from kernel.access import public, recent_authentication_required, staff_required
from kernel.dashboard import dashboard_sections
from notifications.selectors import notifications_for

from .your_data import your_data_export


@staff_required
def home(request):
    """'My tasks': everything the person has to do, section by section."""
    return render(
        request,
        "portal/home.html",
        {
            "sections": dashboard_sections(request.user),
            "recent_notifications": notifications_for(request.user).unread()[:5],
        },
    )


@staff_required
def mfa_required(request):
    """Explains why a role holder must set up multi-factor authentication first."""
    return render(request, "portal/mfa_required.html")


@staff_required
@recent_authentication_required
def your_data(request):
    """What the portal holds about the person; sending the form downloads all of it."""
    if request.method != "POST":
        return render(request, "portal/your_data.html")
    content = your_data_export(user=request.user, http_request=request)
    response = HttpResponse(content, content_type="application/zip")
    name = timezone.localtime().strftime("your-data-%Y-%m-%d.zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Loading the migration graph takes a fifth of a second: once a process has seen
# no pending migrations it checks again only every few minutes.
_MIGRATIONS_CHECKED_AT = 0.0
MIGRATIONS_RECHECK_SECONDS = 300


def _migrations_pending() -> bool:
    global _MIGRATIONS_CHECKED_AT
    if time.monotonic() - _MIGRATIONS_CHECKED_AT < MIGRATIONS_RECHECK_SECONDS:
        return False
    executor = MigrationExecutor(connection)
    pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if not pending:
        _MIGRATIONS_CHECKED_AT = time.monotonic()
    return pending


def _check_database() -> tuple[bool, bool]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, _migrations_pending()
    except DatabaseError:
        return False, False


def _check_cache() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


def _check_broker() -> bool:
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True
    except Exception:
        return False


@public
@never_cache
def healthz(request):
    """Database, cache, broker and migrations, as JSON; 503 when something is wrong."""
    database, pending = _check_database()
    checks = {
        "database": "ok" if database else "down",
        "cache": "ok" if _check_cache() else "down",
        "broker": "ok" if _check_broker() else "down",
        "migrations": "pending" if pending else ("ok" if database else "unknown"),
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks},
        status=200 if healthy else 503,
    )
