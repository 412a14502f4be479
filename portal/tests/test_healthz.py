import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from notifications.tests.smtp import free_port
from portal.celery import app as celery_app

URL = reverse("healthz")


def test_answers_ok_when_everything_works(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "migrations": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def broker_unreachable():
    """Point the Celery app at a port where nothing listens."""
    url = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    yield
    celery_app.conf.broker_url = url


def test_says_the_broker_is_down(client, db, broker_unreachable):
    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["checks"]["broker"] == "down"
    assert response.json()["checks"]["database"] == "ok"


@pytest.fixture
def database_unreachable(transactional_db, tmp_path):
    """Point the connection at a database that cannot be reached, then back."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "missing-folder" / "db.sqlite3")
    else:
        connection.settings_dict["PORT"] = free_port()
    yield
    connection.close()
    connection.settings_dict.update(saved)


def test_says_the_database_is_down(client, database_unreachable):
    response = client.get(URL)

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "down"
    assert checks["migrations"] == "unknown"
    assert checks["broker"] == "ok"


def test_reports_pending_migrations(client, db, monkeypatch):
    # A process that has seen the migrations complete rechecks only now and then.
    monkeypatch.setattr("portal.views._MIGRATIONS_CHECKED_AT", 0.0)
    # As if the newest notifications migration had not been applied yet (undone with
    # the test's transaction).
    MigrationRecorder.Migration.objects.filter(app="notifications").order_by("-name").first().delete()

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"
    assert response.json()["checks"]["database"] == "ok"
