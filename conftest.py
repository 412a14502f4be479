"""Fixtures shared by every app's tests."""

import contextlib
import time

import pytest

from kernel.roles import RoleKey
from staff.tests.factories import TEST_PASSWORD, UserFactory, enable_totp, give_role


def pytest_configure(config):
    """Create the test var/ folder as scripts/run would: the settings create nothing.

    The SQLite test database, the filesystem broker of the workers some tests
    start, and the static and email folders all live there.
    """
    from portal.embedded import embedded_prepare

    embedded_prepare()


@pytest.fixture(autouse=True)
def _forget_sign_in_attempts():
    """Start every test without failed sign-ins or used codes counted in the cache.

    allauth keeps them there for minutes, per address and per account: left over
    from another test (or, on Redis, an earlier run) they refuse correct sign-ins.
    Only allauth's keys go: on Redis the same database may hold Celery's queues.
    And only this test process's: under pytest-xdist each has its own key prefix
    (portal/settings_test.py), and all sign in from 127.0.0.1.
    """
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=cache.make_key("allauth*")))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _default_roles(request):
    """Put back the roles the migrations create: transactional tests empty every table."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        from staff.roles import ensure_default_roles

        ensure_default_roles()


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def person(db):
    """An ordinary member of staff with no role and no reports."""
    return UserFactory(full_name="Pat Member")


@pytest.fixture
def manager(db):
    """A line manager of one direct report (``manager.report``)."""
    boss = UserFactory(full_name="Morgan Manager")
    boss.report = UserFactory(full_name="Riley Report", line_manager=boss)
    return boss


@pytest.fixture
def role_holder(db):
    """Factory: a person holding ``role_key``, with TOTP set up unless ``mfa=False``."""

    def make(role_key: str, *, mfa: bool = True, **fields):
        user = UserFactory(**fields)
        give_role(user, role_key)
        if mfa:
            enable_totp(user)
        return user

    return make


@pytest.fixture
def admin_user(role_holder):
    return role_holder(RoleKey.ADMINISTRATOR, full_name="Alex Admin")


@pytest.fixture
def auditor(role_holder):
    return role_holder(
        RoleKey.AUDITOR, full_name="Avery Auditor", email="avery.auditor@opcc.example.org"
    )


@pytest.fixture
def chief_executive(role_holder):
    return role_holder(RoleKey.CHIEF_EXECUTIVE, full_name="Casey Chief")


@pytest.fixture
def superuser(db):
    """Someone with Django admin access and a second factor."""
    boss = UserFactory(is_staff=True, is_superuser=True, full_name="Sam Superuser")
    enable_totp(boss)
    return boss


@pytest.fixture
def superuser_client(mfa_client, superuser):
    """The test client signed in, with a second factor, as the superuser."""
    return mfa_client(superuser)


@pytest.fixture
def auditor_client(mfa_client, auditor):
    """The test client signed in, with a second factor, as the auditor."""
    return mfa_client(auditor)


@pytest.fixture
def mfa_client(client):
    """Factory: the Django test client signed in as ``user`` with a second factor.

    The sign-in counts as recent (no re-authentication needed) unless ``recently=False``.
    """

    def sign_in(user, *, recently=True):
        client.force_login(user)
        session = client.session
        at = time.time() if recently else 0
        session["account_authentication_methods"] = [
            {"method": "password", "at": at, "email": user.email},
            {"method": "mfa", "at": at, "type": "totp"},
        ]
        session.save()
        return client

    return sign_in


@pytest.fixture
def celery_worker(transactional_db):
    """Factory: start a real Celery worker process; tasks queued now go through the broker.

    Returns a ``tests.worker.WorkerProcess``; every worker started is stopped at
    the end of the test.
    """
    from portal.celery import app as celery_app
    from tests.worker import WorkerProcess, purge_queue

    workers = []
    celery_app.conf.task_always_eager = False
    # A queue that does not exist yet has nothing to purge.
    with contextlib.suppress(Exception):
        purge_queue()

    def start(extra_env=None, **kwargs):
        worker = WorkerProcess(extra_env=extra_env, **kwargs)
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
    celery_app.conf.task_always_eager = True
