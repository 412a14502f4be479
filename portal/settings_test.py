"""Settings for the test suite: the real settings, with fast password hashing.

DATABASE_URL and REDIS_URL, when set (as in CI), point the suite at PostgreSQL
and Redis; otherwise it runs on SQLite with a filesystem broker.
"""

import os
import tempfile

os.environ.setdefault("PORTAL_VAR_DIR", os.path.join(tempfile.gettempdir(), "portal-test-var"))
os.environ.setdefault("PORTAL_HTTPS", "false")

from .settings import *  # noqa: E402,F403

# The same keys for the test process and the workers it starts, whatever var/ holds.
AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default="audit-chain-key-for-tests")  # noqa: F405
CREDENTIAL_KEYS = env.list("CREDENTIAL_KEYS", default=None) or [  # noqa: F405
    "tests-1:qO24dwoa3_jYjjosnnBmjf_Kwq8ZiSRqRx-ZwbqwG-M"
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run in the test process unless a test starts a real worker
# (tests/worker.py), which switches this off for its duration.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405

# pytest-xdist runs the tests in several processes at once, named by
# PYTEST_XDIST_WORKER ("gw0", "gw1", ...). pytest-django gives each its own test
# database (test_portal_gw0, test.sqlite3_gw0); each also gets its own Celery queue,
# media folder and keys in Redis, so that one process's worker never takes another's
# tasks, two processes never write a record numbered alike to the same file, and one
# process's clean-up never wipes another's sign-in counters. A worker started by a
# test is given the same names (tests/worker.py).
TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")
_per_process = f"-{TEST_PROCESS}" if TEST_PROCESS else ""
CELERY_TASK_DEFAULT_QUEUE = (
    env.str("CELERY_TEST_QUEUE", default="portal-tests") + _per_process  # noqa: F405
)
if TEST_PROCESS and not env.str("MEDIA_ROOT", default=""):  # noqa: F405
    MEDIA_ROOT = MEDIA_ROOT / TEST_PROCESS  # noqa: F405

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
RECORDS_VERIFY_RATE_LIMIT_PER_MINUTE = 1000
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] += _per_process  # noqa: F405
    # kombu keeps the unacknowledged messages of every queue under one key, and any
    # worker restores those older than its visibility timeout: keep this process's
    # apart, or another process's worker would hand them back mid-test.
    CELERY_BROKER_TRANSPORT_OPTIONS.update(  # noqa: F405
        {
            "unacked_key": f"unacked{_per_process}",
            "unacked_index_key": f"unacked_index{_per_process}",
            "unacked_mutex_key": f"unacked_mutex{_per_process}",
        }
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
