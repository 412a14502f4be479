"""The folders, secret keys and credential key the embedded deployment keeps under ``var/``.

The settings only read them: importing the settings must write nothing, so that
any command (``makemigrations --check``, ``check``) can run on a clean checkout.
``manage.py prepare_embedded`` creates them, and scripts/run calls it before
starting the web server, the worker and beat, which then share one secret key.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings

from accounts_registry.crypto import new_master_key

FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
FILESYSTEM_BROKER_FOLDERS = (
    "data_folder_in",
    "data_folder_out",
    "processed_folder",
    "control_folder",
)


def embedded_prepare() -> list[Path]:
    """Create what the embedded deployment needs and is missing; return what was created.

    Safe to run again: nothing that exists is changed, the secret key least of all.
    """
    created = [folder for folder in embedded_folders() if _make_folder(folder)]
    secrets_to_write = {
        settings.EMBEDDED_SECRET_KEY_FILE: secrets.token_urlsafe(50),
        settings.EMBEDDED_AUDIT_CHAIN_KEY_FILE: secrets.token_urlsafe(50),
        # One master key, one entry a line; rotating it is for production (README).
        settings.EMBEDDED_CREDENTIAL_KEYS_FILE: new_master_key("embedded-1") + "\n",
    }
    for path, secret in secrets_to_write.items():
        if _write_secret_once(path, secret):
            created.append(path)
    return created


def embedded_folders() -> list[Path]:
    """The folders these settings write to: var/, static files, emails, the broker."""
    folders = [settings.VAR_DIR]
    if not settings.PRODUCTION:
        folders.append(settings.STATIC_ROOT)
    if settings.EMAIL_BACKEND == FILE_EMAIL_BACKEND:
        folders.append(settings.EMAIL_FILE_PATH)
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders += [options[name] for name in FILESYSTEM_BROKER_FOLDERS]
    return list(dict.fromkeys(Path(folder) for folder in folders))


def _make_folder(folder: Path) -> bool:
    """Create ``folder`` and its parents; say whether it was missing."""
    if folder.is_dir():
        return False
    folder.mkdir(parents=True, exist_ok=True)
    return True


def _write_secret_once(path: Path, secret: str) -> bool:
    """Write ``secret`` to ``path``, readable by its owner only, unless one is there.

    O_EXCL because two preparations may run at once (parallel test processes):
    the first secret written is the one every process reads.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as file:
        file.write(secret)
    return True
