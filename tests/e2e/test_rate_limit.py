"""Repeated wrong passwords pause signing in to the account, on every sign-in form.

The test settings keep the production limit for failed sign-ins:
``login_failed: 5/5m/ip,5/15m/key``.
"""

import re

from staff.tests.factories import UserFactory
from tests.e2e.conftest import assert_accessible, screenshot, sign_in

PAUSED = "too many failed attempts to sign in"


def test_the_sixth_attempt_is_refused_even_with_the_right_password(
    page, live_server, person, password
):
    for _ in range(5):
        sign_in(page, live_server, person.email, "a-wrong-guess-at-it")
        assert "email address or password is not right" in page.get_by_role("alert").inner_text()

    sign_in(page, live_server, person.email, password)

    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert PAUSED in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Email").input_value() == person.email
    screenshot(page, "sign-in-rate-limited")
    assert_accessible(page, "sign-in refused after too many failures")
    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_django_admin_sign_in_is_paused_the_same_way(page, live_server, password):
    technician = UserFactory(is_staff=True, is_superuser=True)

    for _ in range(5):
        page.goto(f"{live_server.url}/django-admin/login/")
        page.get_by_label("Email").fill(technician.email)
        page.get_by_label("Password").fill("a-wrong-guess-at-it")
        page.get_by_role("button", name="Sign in", exact=True).click()

    page.goto(f"{live_server.url}/django-admin/login/")
    page.get_by_label("Email").fill(technician.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()

    assert PAUSED in page.get_by_role("alert").inner_text()
    page.goto(f"{live_server.url}/django-admin/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
