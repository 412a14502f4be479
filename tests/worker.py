"""A real Celery worker in a separate process, for tests whose behaviour depends on one.

The worker uses the test database (tests using it need ``transactional_db`` so
that what they write is committed and visible to it) and the same broker as the
test process: Redis when REDIS_URL is set, otherwise the filesystem broker.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """A DATABASE_URL for the test database this process is using."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """Start, kill and restart a ``celery worker`` with a log to wait on."""

    def __init__(self, extra_env: dict[str, str] | None = None, concurrency: int = 1):
        self.extra_env = extra_env or {}
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log_path = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "portal.settings_test",
                "DATABASE_URL": database_url(),
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "PORTAL_VAR_DIR": str(settings.VAR_DIR),
                # Under pytest-xdist, the settings name this test process's own queue,
                # media folder and Redis keys after it (portal/settings_test.py): its
                # worker gets the same ones.
                "PYTEST_XDIST_WORKER": settings.TEST_PROCESS,
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 60) -> WorkerProcess:
        self.log_path.write_text("")
        with self.log_path.open("a") as log:
            self.process = self._spawn(log)
        self.wait_for_log("ready.", timeout=timeout)
        return self

    def _spawn(self, log) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "portal", "worker",
                "--loglevel=INFO", f"--concurrency={self.concurrency}",
                "--pool=prefork", "--without-gossip", "--without-mingle",
                "--without-heartbeat", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
                "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, timeout: float = 30, count: int = 1) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log().count(text) >= count:
                return
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{self.log()[-4000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"Worker log never showed {text!r}:\n{self.log()[-4000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and all its pool processes, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def kill_pool(self) -> None:
        """SIGKILL only the pool processes running the tasks, as the kernel's
        out-of-memory killer might; the main worker process lives on."""
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        assert children, "The worker has no pool process"
        for child in children:
            os.kill(int(child), signal.SIGKILL)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def purge_queue() -> None:
    """Drop messages left in the test queue by earlier tests.

    On Redis this includes the messages a killed worker left unacknowledged:
    otherwise the next worker would restore them once their visibility timeout
    has passed, and run an earlier test's task in the middle of this one.
    """
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_purge(queue)
        if conn.transport.driver_type == "redis":
            _forget_unacknowledged(channel, queue)


def _forget_unacknowledged(channel, queue: str) -> None:
    client = channel.client
    for tag, payload in client.hgetall(channel.unacked_key).items():
        _message, _exchange, routing_key = json.loads(payload)
        if routing_key == queue:
            client.pipeline().zrem(channel.unacked_index_key, tag).hdel(
                channel.unacked_key, tag
            ).execute()


def wait_until(condition, timeout: float, what: str) -> None:
    """Poll ``condition`` until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting until {what}")
