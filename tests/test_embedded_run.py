"""`make run` brings up the embedded portal: web, worker and beat, with no servers.

This starts scripts/run exactly as a person would (SQLite, filesystem broker,
emails to files, all under a temporary var folder), signs in over HTTP, asks for a
test email from the notifications page and waits for the embedded worker to write
it. Then it stops the portal with Ctrl-C (SIGINT) and checks nothing is left running.
"""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "embedded-check-passphrase-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise TimeoutError(what)


def csrf_token(session, url):
    page = session.get(url, timeout=10)
    page.raise_for_status()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.mark.worker
def test_make_run_serves_the_portal_and_its_worker_sends_email(tmp_path):
    port = free_port()
    var = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DATABASE_URL", "REDIS_URL", "CELERY_", "DJANGO_", "PORTAL_", "EMAIL_")
        )
    }
    env.update({"PORT": str(port), "PORTAL_VAR_DIR": str(var), "DEMO_PASSWORD": PASSWORD})
    log = (tmp_path / "run.log").open("w")
    portal = subprocess.Popen(
        ["./scripts/run"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def healthy():
            try:
                return requests.get(f"{base}/healthz", timeout=15).status_code == 200
            except requests.ConnectionError:
                assert portal.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
                return False

        wait_for(healthy, 240, "the portal never answered /healthz")
        wait_for(
            lambda: f"running at http://localhost:{port}" in (tmp_path / "run.log").read_text(),
            30,
            "scripts/run never said where the portal is",
        )
        output = (tmp_path / "run.log").read_text()
        email = re.search(r"[\w.+-]+@opcc\.example\.org", output).group(0)

        browser = requests.Session()
        token = csrf_token(browser, f"{base}/accounts/login/")
        signed_in = browser.post(
            f"{base}/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=10,
        )
        assert "My tasks" in signed_in.text or "two-factor" in signed_in.text.lower()

        token = csrf_token(browser, f"{base}/notifications/")
        sent = browser.post(
            f"{base}/notifications/test-email/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/notifications/"},
            timeout=10,
        )
        assert "test email is on its way" in sent.text

        mail_dir = var / "mail"

        def test_emails():
            # The demo's own requests send emails too: find the one asked for.
            if not mail_dir.exists():
                return []
            return [
                text
                for text in (path.read_text() for path in mail_dir.iterdir())
                if "Test email from the staff policy portal" in text
            ]

        wait_for(lambda: test_emails(), 60, "the embedded worker never sent the test email")
        assert f"To: {email}" in test_emails()[0]
    finally:
        if portal.poll() is None:
            os.killpg(portal.pid, signal.SIGINT)
        try:
            portal.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(portal.pid, signal.SIGKILL)
            raise
    leftovers = subprocess.run(
        ["pgrep", "-f", f"--bind 127.0.0.1:{port}"], capture_output=True, text=True
    )
    assert leftovers.stdout.strip() == "", "gunicorn still running after Ctrl-C"
