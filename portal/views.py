"""The home dashboard, health check and the pages that belong to no one app."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from notifications.selectors import notifications_for

from .access import public, staff_required
from .dashboard import dashboard_sections


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


def _check_database() -> tuple[bool, bool]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        return True, pending
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
            conn.ensure_connection(max_retries=1, timeout=2)
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
