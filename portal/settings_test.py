"""Settings for the test suite: the real settings, with fast password hashing.

DATABASE_URL and REDIS_URL, when set (as in CI), point the suite at PostgreSQL
and Redis; otherwise it runs on SQLite with a filesystem broker.
"""

import os
import tempfile

os.environ.setdefault("PORTAL_VAR_DIR", os.path.join(tempfile.gettempdir(), "portal-test-var"))
os.environ.setdefault("PORTAL_HTTPS", "false")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Rate limits are exercised by their own tests, which set them explicitly.
ACCOUNT_RATE_LIMITS = {
    "login": "1000/m/ip",
    "login_failed": "5/5m/ip,5/15m/key",
    "reset_password": "100/m/ip,100/m/key",
    "reauthenticate": "100/m/user",
}
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
