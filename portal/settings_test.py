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
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run in the test process unless a test starts a real worker
# (tests/worker.py), which switches this off for its duration.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TEST_QUEUE", default="portal-tests")  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so that a worker process started by a test sees the data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
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
