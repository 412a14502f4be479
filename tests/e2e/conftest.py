"""Browser journeys: Playwright driving Debian's Chromium against a live server."""

import os
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.sync_playwright import Axe

from kernel.roles import RoleKey
from staff.tests.factories import TeamFactory, UserFactory, enable_totp, give_role

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make alongside it are safe because they do not overlap with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


_axe = Axe()


def assert_accessible(page, name: str = "") -> None:
    """Run axe-core on the page as it is now and fail on any violation."""
    results = _axe.run(page)
    violations = results.response["violations"]
    assert not violations, (
        f"axe-core violations on {name or page.url}:\n" + results.generate_report()
    )


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def current_code(secret: str) -> str:
    """The code an authenticator app shows now, waiting for a fresh period if this one is ending."""
    remaining = 30 - time.time() % 30
    if remaining < 4:
        time.sleep(remaining + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_code(page, live_server, user, password: str) -> None:
    """Sign in with a password, then the code of the authenticator set up by enable_totp().

    ``user.totp_secret`` must hold the secret enable_totp() returned.
    """
    sign_in(page, live_server, user.email, password)
    code = page.get_by_label("Code")
    code.fill(current_code(user.totp_secret))
    code.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def sign_in(page, live_server, email: str, password: str) -> None:
    """Fill in the sign-in form and submit it."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.I)).click()


@pytest.fixture
def administrator(transactional_db):
    """An administrator with an authenticator app (``administrator.totp_secret``)."""
    admin = UserFactory(
        full_name="Joanne Whittaker",
        email="joanne.whittaker@opcc.example.org",
        job_title="HR and Systems Administrator",
        team=TeamFactory(name="Finance and Resources"),
    )
    give_role(admin, RoleKey.ADMINISTRATOR)
    admin.totp_secret = enable_totp(admin)
    return admin


@pytest.fixture
def browser_as(new_context, live_server, password):
    """Factory: a page in a browser of its own, signed in as ``user`` (with their
    authenticator app's code when they have one: ``user.totp_secret``)."""

    def open_as(user):
        page = new_context().new_page()
        if getattr(user, "totp_secret", None):
            sign_in_with_code(page, live_server, user, password)
        else:
            sign_in(page, live_server, user.email, password)
            page.wait_for_url(f"{live_server.url}/")
        return page

    return open_as
