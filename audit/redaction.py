"""Keeping secrets out of the audit trail and everything that shows it."""

import re

# Details whose name looks like any of these never reach the trail (nor the viewer).
SECRET_NAME = re.compile(
    r"pass(word|wd|phrase|code)|secret|token|session_?key|sessionid|csrf|(^|_)otp($|_)|"
    r"recovery_?code|private_?key|credential|api_?key",
    re.IGNORECASE,
)
REDACTED = "[hidden]"


def _is_secret(key, item) -> bool:
    # A flag such as ``password_changed: true`` says nothing secret.
    if item is None or item == "" or isinstance(item, bool):
        return False
    return SECRET_NAME.search(str(key)) is not None


def redact_secrets(value):
    """``value`` with anything stored under a secret-looking name replaced by a marker."""
    if isinstance(value, dict):
        return {
            key: REDACTED if _is_secret(key, item) else redact_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_secrets(item) for item in value]
    return value
