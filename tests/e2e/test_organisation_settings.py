"""Which social-media platforms each kind of account may be on: an administrator sets
them, and a request for one they do not allow is refused with the policy's clause."""

from playwright.sync_api import expect

from staff.authority_presets import PRESETS
from staff.selectors import organisation_settings
from staff.services import authority_matrix_load
from tests.e2e.conftest import assert_accessible, screenshot, sign_in_with_code
from tests.e2e.test_requests_journeys import media, staff, west_midlands  # noqa: F401


def test_an_administrator_reviews_the_suggested_platforms_and_saves_them(
    page, live_server, administrator, password
):
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    sign_in_with_code(page, live_server, administrator, password)
    page.goto(f"{live_server.url}/staff/organisation/")
    expect(page.get_by_text("Not set by the policy: review before use.")).to_be_visible()
    assert_accessible(page, "organisation settings")
    screenshot(page, "organisation-settings")

    teams = page.get_by_role("group", name="Platforms a team may have an account on")
    teams.get_by_label("Instagram").check()
    page.get_by_label("Platforms still to be reviewed").uncheck()
    page.get_by_label("Notice before taking a device abroad").fill("-1")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    assert_accessible(page, "organisation settings with errors")
    screenshot(page, "organisation-settings-errors")

    page.get_by_label("Notice before taking a device abroad").fill("7")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("The organisation settings have been saved.")).to_be_visible()
    settings = organisation_settings()
    assert settings.platforms_for_teams == ["twitter", "instagram", "wordpress"]
    assert settings.platform_rules_review_needed is False


def test_a_platform_the_rules_do_not_allow_is_refused_with_its_clause(
    staff,  # noqa: F811
    browser_as,
    live_server,
):
    page = browser_as(staff["requester"])
    page.goto(f"{live_server.url}/requests/new/social_account/")
    page.get_by_label("My team", exact=True).check()
    page.get_by_label("Facebook", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_text(
            "The organisation's rules do not allow a Facebook account for a team: a team may "
            "have a Twitter/X account or a WordPress blog (003 §3.3; 002 §3.0)."
        ).first
    ).to_be_visible()
    assert_accessible(page, "new social-media account refused for its platform")
    screenshot(page, "social-account-platform-refused")
