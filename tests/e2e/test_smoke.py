from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, screenshot, sign_in


def test_signs_in_and_shows_my_tasks(page, live_server, person, password):
    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="My tasks")).to_be_visible()
    screenshot(page, "home")
    assert_accessible(page, "My tasks")
