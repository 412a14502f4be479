"""Signing in and out, and resetting a forgotten password, in a real browser."""

import re
from urllib.parse import unquote

from django.core import mail
from playwright.sync_api import expect

from staff.tests.factories import UserFactory
from staff.tests.test_oidc_adapter import SINGLE_SIGN_ON
from tests.e2e.conftest import assert_accessible, screenshot, sign_in

NEW_PASSWORD = "copper kettle harbour lantern"


def test_signs_in_with_email_and_password_and_lands_on_my_tasks(
    page, live_server, person, password
):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.title().startswith("Sign in")
    expect(page.get_by_role("link", name="Forgotten your password?")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with a passkey")).to_be_visible()
    screenshot(page, "sign-in")
    assert_accessible(page, "sign-in page")

    sign_in(page, live_server, person.email, password)

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="My tasks")).to_be_visible()


def test_a_wrong_password_shows_a_clear_error_and_keeps_the_email(page, live_server, person):
    sign_in(page, live_server, person.email, "not-the-password-at-all")

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    assert "email address or password is not right" in summary.inner_text()
    assert page.get_by_label("Email").input_value() == person.email
    assert page.get_by_label("Password").input_value() == ""
    screenshot(page, "sign-in-wrong-password")
    assert_accessible(page, "sign-in with a wrong password")


def test_missing_fields_are_listed_in_the_summary_with_links_to_them(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in", exact=True).click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    summary.get_by_role("link", name=re.compile("^Email")).click()
    assert page.evaluate("document.activeElement.id") == "id_login"
    email = page.get_by_label("Email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_login_error" in email.get_attribute("aria-describedby")
    screenshot(page, "sign-in-missing-fields")
    assert_accessible(page, "sign-in with missing fields")


def test_signs_out_after_confirming(page, live_server, person, password):
    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/accounts/logout/")
    expect(page.get_by_role("heading", name="Sign out")).to_be_visible()
    screenshot(page, "sign-out")
    assert_accessible(page, "sign-out confirmation")
    page.get_by_role("button", name="Sign out").click()

    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/"))


def test_django_admin_sign_in_goes_through_the_portal_sign_in(page, live_server, password):
    technician = UserFactory(is_staff=True, is_superuser=True)

    page.goto(f"{live_server.url}/django-admin/")

    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert unquote(page.url).endswith("/accounts/login/?next=/django-admin/")
    page.get_by_label("Email").fill(technician.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    # Admin access, like every privileged role, needs a second factor first.
    page.wait_for_url(f"{live_server.url}/security/mfa-required/")
    expect(
        page.get_by_role("heading", name="Set up two-factor authentication first")
    ).to_be_visible()


def test_a_forgotten_password_is_reset_through_an_emailed_link(page, live_server, person):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    screenshot(page, "password-reset")
    assert_accessible(page, "password reset request")

    page.get_by_label("Email").fill(person.email)
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    screenshot(page, "password-reset-done")
    assert_accessible(page, "password reset sent")

    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.subject.endswith("Reset your portal password")
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()

    page.get_by_label(re.compile(r"^\s*New password")).fill("short")
    page.get_by_label("Confirm new password").fill("short")
    page.get_by_role("button", name="Save new password").click()
    assert "at least 12 characters" in page.get_by_role("alert").inner_text()
    screenshot(page, "password-reset-new-password-errors")
    assert_accessible(page, "new password with errors")

    page.get_by_label(re.compile(r"^\s*New password")).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    screenshot(page, "password-reset-complete")

    sign_in(page, live_server, person.email, NEW_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")


def test_a_used_reset_link_explains_that_it_has_expired(page, live_server):
    page.goto(f"{live_server.url}/accounts/password/reset/key/1-not-a-real-key/")

    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
    expect(page.get_by_role("link", name="Ask for a new link")).to_be_visible()
    screenshot(page, "password-reset-link-expired")
    assert_accessible(page, "expired reset link")


def test_changing_the_password_shows_errors_and_then_succeeds(page, live_server, person, password):
    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/password/change/")

    page.get_by_label("Current password").fill(password)
    page.get_by_label(re.compile(r"^\s*New password")).fill("password1234")
    page.get_by_label("Confirm new password").fill("password1234")
    page.get_by_role("button", name="Change password").click()
    assert "too common" in page.get_by_role("alert").inner_text()
    screenshot(page, "password-change-errors")
    assert_accessible(page, "password change with errors")

    page.get_by_label("Current password").fill(password)
    page.get_by_label(re.compile(r"^\s*New password")).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()


def test_a_deactivated_person_is_told_they_cannot_sign_in(page, live_server, password):
    former = UserFactory(is_active=False)

    sign_in(page, live_server, former.email, password)

    page.wait_for_url(re.compile(r"/accounts/inactive/"))
    expect(page.get_by_role("heading", name="You cannot sign in")).to_be_visible()
    screenshot(page, "sign-in-account-inactive")
    assert_accessible(page, "account inactive")
    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_the_sign_in_page_fits_a_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "sign-in-phone")
    assert_accessible(page, "sign-in page on a phone")


def test_single_sign_on_is_offered_when_the_organisation_has_it(page, live_server, settings):
    settings.SOCIALACCOUNT_PROVIDERS = SINGLE_SIGN_ON
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "sign-in-with-single-sign-on")
    assert_accessible(page, "sign-in page with single sign-on")

    page.get_by_role("link", name="Sign in with OPCC single sign-on").click()

    expect(page.get_by_role("heading", name="Single sign-on")).to_be_visible()
    expect(page.get_by_text("You will be taken to OPCC single sign-on")).to_be_visible()
    screenshot(page, "sign-in-single-sign-on")
    assert_accessible(page, "single sign-on confirmation")
