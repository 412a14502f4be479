"""Two-factor authentication in a real browser: set-up forced on role holders, then
signing in with a code, a recovery code or a passkey."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_accessible,
    current_code,
    screenshot,
    sign_in,
)


def sign_out(page, user):
    page.get_by_role("button", name=user.full_name).click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_a_role_holder_must_set_up_an_authenticator_app_then_signs_in_with_a_code(
    page, live_server, role_holder, password
):
    chief = role_holder("chief_executive", mfa=False, full_name="Casey Chief")
    sign_in(page, live_server, chief.email, password)
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/audit/")
    page.wait_for_url(re.compile(r"/security/mfa-required/"))
    expect(
        page.get_by_role("heading", name="Set up two-factor authentication first")
    ).to_be_visible()
    screenshot(page, "mfa-required")
    assert_accessible(page, "MFA required page")

    page.get_by_role("link", name="Set up an authenticator app").click()
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    screenshot(page, "reauthenticate")
    assert_accessible(page, "re-authentication")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    assert (
        page.get_by_role("img", name=re.compile("QR code"))
        .get_attribute("src")
        .startswith("data:image/svg+xml;base64,")
    )
    page.get_by_text("Cannot scan the code?").click()
    secret = page.locator("#authenticator_secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    screenshot(page, "mfa-totp-set-up")
    assert_accessible(page, "authenticator app set-up")

    page.get_by_label("Code").fill("000000" if current_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert "That code is not right" in page.get_by_role("alert").inner_text()
    assert page.locator("#authenticator_secret").text_content().strip() == secret
    screenshot(page, "mfa-totp-set-up-wrong-code")
    assert_accessible(page, "authenticator app set-up with a wrong code")

    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    codes = (
        page.get_by_role("list", name="Unused recovery codes")
        .get_by_role("listitem")
        .all_inner_texts()
    )
    assert len(codes) == 10
    screenshot(page, "mfa-recovery-codes")
    assert_accessible(page, "recovery codes")

    page.goto(f"{live_server.url}/audit/")
    assert page.url == f"{live_server.url}/audit/"

    sign_out(page, chief)
    sign_in(page, live_server, chief.email, password)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    screenshot(page, "mfa-code-step")
    assert_accessible(page, "MFA code step")

    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/audit/")
    assert page.url == f"{live_server.url}/audit/"


def test_the_code_step_refuses_a_wrong_code_and_accepts_a_recovery_code_once(
    page, live_server, role_holder, password, settings
):
    auditor = role_holder("auditor", full_name="Avery Holder")
    recovery_code = RecoveryCodes.activate(auditor).get_unused_codes()[0]

    sign_in(page, live_server, auditor.email, password)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill("12345")
    page.get_by_role("button", name="Sign in").click()
    assert "That code is not right" in page.get_by_role("alert").inner_text()
    screenshot(page, "mfa-code-step-wrong-code")
    assert_accessible(page, "MFA code step with a wrong code")

    page.get_by_label("Code").fill(recovery_code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    sign_out(page, auditor)
    sign_in(page, live_server, auditor.email, password)
    page.get_by_label("Code").fill(recovery_code)
    page.get_by_role("button", name="Sign in").click()
    assert "That code is not right" in page.get_by_role("alert").inner_text()


def test_cancelling_the_code_step_returns_to_sign_in(page, live_server, role_holder, password):
    auditor = role_holder("auditor")
    sign_in(page, live_server, auditor.email, password)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))

    page.get_by_role("button", name="Cancel").click()

    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(r"/accounts/login/"))


@pytest.fixture
def virtual_authenticator(page):
    """A platform authenticator in Chromium (fingerprint reader or PIN), always approving."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    yield cdp, authenticator["authenticatorId"]


def test_a_passkey_is_added_and_used_to_sign_in_without_a_password(
    page, live_server, role_holder, password, virtual_authenticator
):
    refused_by_csp = []
    page.on(
        "console",
        lambda m: refused_by_csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    holder = role_holder("communications", full_name="Robin Holder")
    sign_in(page, live_server, holder.email, password)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(RecoveryCodes.activate(holder).get_unused_codes()[0])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/accounts/2fa/")
    screenshot(page, "mfa-index")
    assert_accessible(page, "two-factor authentication overview")
    page.get_by_role("link", name="Add a passkey").click()
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_label("Use it to sign in without a password").check()
    screenshot(page, "mfa-passkey-add")
    assert_accessible(page, "add a passkey")
    page.get_by_role("button", name="Add passkey").click()

    page.wait_for_url(re.compile(r"/accounts/2fa/$"))
    expect(page.get_by_text("Passkey added.")).to_be_visible()
    page.get_by_role("link", name="Manage passkeys").click()
    expect(page.get_by_role("cell", name="Work laptop", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Sign-in without password")).to_be_visible()
    screenshot(page, "mfa-passkeys")
    assert_accessible(page, "passkey list")

    sign_out(page, holder)
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="My tasks")).to_be_visible()

    page.goto(
        f"{live_server.url}/accounts/2fa/webauthn/reauthenticate/?next=/accounts/2fa/webauthn/"
    )
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    screenshot(page, "reauthenticate-passkey")
    assert_accessible(page, "re-authentication with a passkey")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/webauthn/$"))

    page.get_by_role("link", name="Rename Work laptop").click()
    page.get_by_label("Name").fill("Work laptop (fingerprint)")
    screenshot(page, "mfa-passkey-rename")
    assert_accessible(page, "rename a passkey")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Remove Work laptop (fingerprint)").click()
    expect(page.get_by_text("Remove the passkey Work laptop (fingerprint)?")).to_be_visible()
    screenshot(page, "mfa-passkey-remove")
    assert_accessible(page, "remove a passkey")
    page.get_by_role("button", name="Remove passkey").click()
    expect(page.get_by_text("Passkey removed.")).to_be_visible()
    assert refused_by_csp == []


def test_a_passkey_that_does_not_work_is_explained_on_the_page(
    page, live_server, virtual_authenticator
):
    # The device holds no passkey for the portal, so the browser refuses.
    page.goto(f"{live_server.url}/accounts/login/")

    page.get_by_role("button", name="Sign in with a passkey").click()

    error = page.get_by_role("alert").filter(has_text="passkey")
    error.wait_for(state="visible")
    assert "Try again, or use another way" in error.inner_text()
    assert page.url == f"{live_server.url}/accounts/login/"
    screenshot(page, "sign-in-passkey-failed")


def test_the_management_pages_read_well_and_are_accessible(
    page, live_server, role_holder, password
):
    holder = role_holder("information_security", full_name="Jordan Holder")
    codes = RecoveryCodes.activate(holder).get_unused_codes()
    sign_in(page, live_server, holder.email, password)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_text("9 of 10 codes unused")).to_be_visible()
    page.get_by_role("link", name="Remove the authenticator app").click()
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    screenshot(page, "reauthenticate-with-alternatives")
    page.get_by_role("link", name="Use a code from your authenticator app").click()
    expect(page.get_by_role("link", name="Use your password")).to_be_visible()
    screenshot(page, "reauthenticate-code")
    assert_accessible(page, "re-authentication with a code")
    page.get_by_label("Code").fill(codes[1])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/deactivate/"))
    screenshot(page, "mfa-totp-remove")
    assert_accessible(page, "remove the authenticator app")

    page.goto(f"{live_server.url}/accounts/2fa/recovery-codes/generate/")
    expect(page.get_by_role("button", name="Replace my recovery codes")).to_be_visible()
    screenshot(page, "mfa-recovery-codes-generate")
    assert_accessible(page, "create new recovery codes")

    page.goto(f"{live_server.url}/accounts/2fa/webauthn/")
    expect(page.get_by_text("You have not added a passkey.")).to_be_visible()
    screenshot(page, "mfa-passkeys-empty")
    assert_accessible(page, "passkey list, empty")
