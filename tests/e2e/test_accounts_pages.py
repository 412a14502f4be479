"""The register of social-media accounts in a real browser: axe-core finds nothing on
the register, an account's page, a revealed credential, or any form sent with
errors, and each page is saved as a screenshot for people to look at.

The authority matrix is West Midlands OPCC's, where the chief executive is the
accounts authority.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts_registry import services
from accounts_registry.tests.factories import CREDENTIALS
from kernel.roles import RoleKey
from staff.authority_presets import PRESETS
from staff.services import authority_matrix_load
from staff.tests.factories import TeamFactory, UserFactory, enable_totp, give_role
from tests.e2e.conftest import assert_accessible, screenshot

NEW_PASSWORD = "Blue-Harbour-Lantern-2026"


def _person(full_name, *, role=None, **fields):
    email = full_name.lower().replace(" ", ".") + "@opcc.example.org"
    user = UserFactory(full_name=full_name, email=email, **fields)
    if role:
        give_role(user, role)
    user.totp_secret = enable_totp(user)
    return user


@pytest.fixture
def register(transactional_db):
    """The people, and an active account with credentials, a colleague with access, an
    app, an earlier password and the flags raised; and one awaiting registration."""
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    team = TeamFactory(name="Engagement")
    people = {
        "comms": _person("Charlie Comms", role=RoleKey.COMMUNICATIONS, job_title="Digital Lead"),
        "chief": _person("Casey Chief", role=RoleKey.CHIEF_EXECUTIVE, job_title="Chief Executive"),
        "owner": _person("Olive Owner", job_title="Engagement Officer", team=team),
        "moderator": _person("Mo Moderator", job_title="Engagement Officer", team=team),
        "colleague": _person("Colin Colleague", job_title="Youth Worker", team=team),
    }
    comms, owner = people["comms"], people["owner"]
    youth = services.account_add(
        actor=comms, platform="twitter", handle="@OPCC_Youth", url="https://x.com/OPCC_Youth",
        purpose="News for young people across the West Midlands, and their questions answered.",
        owner=owner, owner_kind="team", team=team, moderator=people["moderator"],
        registration_email="youth@opcc.example.org", disclaimer_shown=True,
    )  # fmt: skip
    services.account_register(account=youth, actor=comms, **CREDENTIALS)
    access = services.access_grant(account=youth, person=people["colleague"], actor=owner)
    services.app_add(account=youth, actor=comms, name="Hootsuite", access="Post and schedule")
    services.credentials_change(account=youth, actor=owner, password=NEW_PASSWORD)
    services.access_remove(access=access, actor=owner, reason="Moved to the press office")
    services.mark_password_change_required(
        accounts=[youth], reason="Olive Owner's work phone was lost", at_risk=True
    )
    waiting = services.account_add(
        actor=comms, platform="wordpress", handle="Engagement blog", purpose="Stories from events.",
        owner=owner, owner_kind="team", team=team, moderator=people["moderator"],
        registration_email="blog@opcc.example.org",
    )  # fmt: skip
    return {**people, "youth": youth, "waiting": waiting}


def _check(page, name: str) -> None:
    assert_accessible(page, name)
    screenshot(page, f"accounts-{name.replace(' ', '-')}")


def _submit_with_errors(page, button: str, name: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    _check(page, name)


def test_the_register_and_an_account_page_are_accessible(register, browser_as, live_server):
    page = browser_as(register["comms"])
    youth = register["youth"]

    page.goto(f"{live_server.url}/")
    expect(
        page.get_by_role("heading", name="Social-media accounts needing attention")
    ).to_be_visible()
    _check(page, "home section")

    page.get_by_role("link", name="Social-media accounts", exact=True).click()
    expect(page.get_by_role("heading", name="My social-media accounts")).to_be_visible()
    _check(page, "my accounts empty")
    page.get_by_role("link", name="The register").click()
    expect(
        page.get_by_role("heading", name="The register of social-media accounts")
    ).to_be_visible()
    _check(page, "register")

    page.get_by_label("Needs attention").select_option("at_risk")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status").filter(has_text="1 account")).to_be_visible()
    page.get_by_role("link", name="@OPCC_Youth").click()
    expect(page.get_by_role("heading", name="@OPCC_Youth", level=1)).to_be_visible()
    expect(page.get_by_text("At risk since")).to_be_visible()
    _check(page, "account page")
    assert NEW_PASSWORD not in page.content()

    page.goto(f"{live_server.url}/social-media-accounts/{youth.pk}/")
    page.get_by_role("button", name="Reveal the password").first.click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    _check(page, "account page reveal without reason")


def test_every_form_with_errors_is_accessible(register, browser_as, live_server):
    page = browser_as(register["comms"])
    youth, waiting = register["youth"], register["waiting"]
    base = f"{live_server.url}/social-media-accounts"

    page.goto(f"{base}/add/")
    _submit_with_errors(page, "Add the account", "add with errors")

    page.goto(f"{base}/{youth.pk}/edit/")
    page.get_by_label("Name or handle").fill("")
    _submit_with_errors(page, "Save the details", "edit with errors")

    page.goto(f"{base}/{waiting.pk}/credentials/register/")
    _submit_with_errors(page, "Register the credentials", "register credentials with errors")

    page.goto(f"{base}/{youth.pk}/credentials/change/")
    page.locator("#id_password").fill("one-thing")
    page.locator("#id_password_again").fill("another")
    _submit_with_errors(page, "Store the new credentials", "change credentials with errors")
    assert "one-thing" not in page.content()

    page.goto(f"{base}/{youth.pk}/access/")
    _submit_with_errors(page, "Give access", "give access with errors")

    page.goto(f"{base}/{youth.pk}/apps/")
    _submit_with_errors(page, "Record the app", "app with errors")

    page.goto(f"{base}/{youth.pk}/hand-over/")
    _submit_with_errors(page, "Offer the account", "hand over with errors")

    page.goto(f"{base}/{youth.pk}/at-risk/clear/")
    _submit_with_errors(page, "Mark as no longer at risk", "at risk with errors")

    page.goto(f"{base}/{youth.pk}/close/")
    _submit_with_errors(page, "Close the account", "close with errors")


def test_the_owners_pages_are_accessible(register, browser_as, live_server):
    owner, youth = register["owner"], register["youth"]
    base = f"{live_server.url}/social-media-accounts"
    page = browser_as(owner)

    page.goto(f"{base}/")
    expect(page.get_by_role("link", name="@OPCC_Youth")).to_be_visible()
    _check(page, "my accounts")

    page.goto(f"{base}/{youth.pk}/review/")
    _submit_with_errors(page, "Confirm the review", "review with errors")

    services.handover_offer(account=youth, to_owner=register["moderator"], actor=owner)
    page.goto(f"{base}/{youth.pk}/")
    _check(page, "account page with hand-over")

    newcomer = browser_as(register["moderator"])
    newcomer.goto(f"{base}/")
    newcomer.get_by_role("link", name=re.compile("@OPCC_Youth")).first.click()
    expect(newcomer.get_by_role("heading", name="Will you take this account on?")).to_be_visible()
    _check(newcomer, "hand-over answer")


def test_the_authority_reveals_a_password_for_thirty_seconds(register, browser_as, live_server):
    youth = register["youth"]
    page = browser_as(register["chief"])  # signed in with the authenticator just now
    page.clock.install()
    page.goto(f"{live_server.url}/social-media-accounts/{youth.pk}/")
    expect(page.get_by_role("heading", name="Earlier passwords")).to_be_visible()
    _check(page, "account page for the authority")

    credentials = page.get_by_role("region", name="Credentials")
    credentials.get_by_label("Why you need to see it").fill(
        "The account was taken over: checking the password before recovering it."
    )
    credentials.get_by_role("button", name="Reveal the password").click()

    expect(page.get_by_role("heading", name="The password")).to_be_visible()
    expect(page.get_by_text(NEW_PASSWORD)).to_be_visible()
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    _check(page, "revealed password")

    page.clock.run_for(31_000)
    expect(page.get_by_text("It is hidden now.")).to_be_visible()
    assert NEW_PASSWORD not in page.content()
    screenshot(page, "accounts-revealed-password-hidden")
