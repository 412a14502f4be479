"""`manage.py check --deploy` passes with production settings and no warnings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from accounts_registry.crypto import new_master_key

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PORTAL_", "DJANGO_", "DATABASE_", "EMAIL_", "CELERY_"))
    }
    env.update(
        {
            "PORTAL_DEPLOYMENT": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "AUDIT_CHAIN_KEY": secrets.token_urlsafe(50),
            "CREDENTIAL_KEYS": new_master_key("2026-06"),
            "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.org:587",
            "ALLOWED_HOSTS": "portal.example.org",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    env.update(overrides)
    return env


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_passes_the_deployment_checks_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("secret", ["SECRET_KEY", "AUDIT_CHAIN_KEY", "CREDENTIAL_KEYS"])
def test_refuses_to_start_in_production_without_a_secret(secret):
    env = production_env()
    del env[secret]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert secret in result.stderr


def test_refuses_to_start_in_production_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_refuses_an_empty_list_of_credential_keys():
    result = run_manage("check", "--deploy", env=production_env(CREDENTIAL_KEYS=""))

    assert result.returncode != 0
    assert "accounts_registry.E002" in result.stderr
    assert "CREDENTIAL_KEYS is empty" in result.stderr


def test_refuses_a_malformed_credential_key_without_printing_it():
    too_short = "c2hvcnQta2V5LW1hdGVyaWFs"
    keys = f"{new_master_key('2026-06')},2025-12:{too_short}"

    result = run_manage("check", "--deploy", env=production_env(CREDENTIAL_KEYS=keys))

    assert result.returncode != 0
    assert "accounts_registry.E001" in result.stderr
    assert "'2025-12' (CREDENTIAL_KEYS entry 2) is not 32 bytes" in result.stderr
    assert too_short not in result.stdout + result.stderr
