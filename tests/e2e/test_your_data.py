"""A member of staff finds "Your data" in their menu and downloads it in a real browser."""

import io
import json
import zipfile

from playwright.sync_api import expect

from approvals.tests.factories import RequestFactory
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_requests_journeys import make_second_factor_stale


def _rows(download, part_key: str) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        content = json.loads(archive.read("your-data.json"))
    return next(part for part in content["parts"] if part["part"] == part_key)["rows"]


def test_a_member_of_staff_downloads_what_the_portal_holds_about_them(
    browser_as, live_server, person
):
    RequestFactory(requester=person, summary="Software: Audacity for the podcast")
    page = browser_as(person)
    page.get_by_role("button", name=person.full_name).click()
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()
    assert_accessible(page, "your data")
    screenshot(page, "your-data")

    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download your data").click()
    download = waiting.value
    assert download.suggested_filename.startswith("your-data-")
    assert [row["title"] for row in _rows(download, "requests")] == [
        "Software: Audacity for the podcast"
    ]


def test_after_a_while_they_confirm_who_they_are_and_the_download_follows(
    browser_as, live_server, person, password
):
    page = browser_as(person)
    page.goto(f"{live_server.url}/your-data/")
    make_second_factor_stale(page)

    page.get_by_role("button", name="Download your data").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(password)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Continue").click()
    assert _rows(waiting.value, "staff-record")[0]["work email"] == person.email
