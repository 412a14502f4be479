"""Importing the settings writes nothing; `manage.py prepare_embedded` creates var/.

Each check runs in a fresh process with the embedded deployment's defaults: no
database, broker, email or secret configured, and a var folder of its own.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def embedded_env(var: Path, **overrides) -> dict[str, str]:
    """This environment without the portal's own variables, with ``var`` as the var folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PORTAL_", "DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "CELERY_"))
        and key not in ("SECRET_KEY", "CREDENTIAL_KEYS")
    }
    env.update({"PORTAL_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "portal.settings"})
    env.update(overrides)
    return env


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def prepare(env: dict[str, str]) -> subprocess.CompletedProcess:
    result = run("manage.py", "prepare_embedded", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_creates_nothing_when_the_settings_are_imported(tmp_path):
    var = tmp_path / "var"

    result = run("-c", "import portal.settings", env=embedded_env(var))

    assert result.returncode == 0, result.stderr
    assert not var.exists()


def test_creates_the_secret_key_and_folders(tmp_path):
    var = tmp_path / "var"

    prepare(embedded_env(var))

    secret = var / "secret_key"
    assert secret.stat().st_mode & 0o777 == 0o600
    assert len(secret.read_text()) >= 50
    for folder in ("celery/queue", "celery/processed", "celery/control", "mail", "static"):
        assert (var / folder).is_dir(), folder


def test_keeps_the_secret_key_when_run_again(tmp_path):
    var = tmp_path / "var"
    prepare(embedded_env(var))
    secret = (var / "secret_key").read_text()

    result = prepare(embedded_env(var))

    assert (var / "secret_key").read_text() == secret
    assert result.stdout == ""


def test_gives_the_settings_the_prepared_secret_key(tmp_path):
    var = tmp_path / "var"
    prepare(embedded_env(var))

    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = run("-c", script, env=embedded_env(var))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (var / "secret_key").read_text()


def test_creates_one_credential_key_the_settings_read(tmp_path):
    var = tmp_path / "var"
    prepare(embedded_env(var))
    keys = var / "credential_keys"
    first = keys.read_text()

    prepare(embedded_env(var))
    script = "from django.conf import settings; print(','.join(settings.CREDENTIAL_KEYS))"
    result = run("-c", script, env=embedded_env(var))

    assert keys.stat().st_mode & 0o777 == 0o600
    assert first.startswith("embedded-1:")
    assert keys.read_text() == first
    assert result.stdout.strip() == first.strip()


def test_refuses_in_production(tmp_path):
    var = tmp_path / "var"
    env = embedded_env(
        var,
        PORTAL_DEPLOYMENT="production",
        SECRET_KEY="a-production-secret-from-the-environment",
        AUDIT_CHAIN_KEY="a-production-audit-key-from-the-environment",
        CREDENTIAL_KEYS="production-1:" + "A" * 43,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/9",
        EMAIL_URL="consolemail://",
        ALLOWED_HOSTS="portal.example.org",
    )

    result = run("manage.py", "prepare_embedded", env=env)

    assert result.returncode != 0
    assert "embedded deployment only" in result.stderr
    assert not var.exists()
