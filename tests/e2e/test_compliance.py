"""The chief executive and a line manager read the declarations compliance dashboard."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from records.models import Record
from staff.models import User
from staff.tests.factories import TEST_PASSWORD, enable_totp
from tests.e2e.conftest import assert_accessible, screenshot, sign_in, sign_in_with_code


@pytest.fixture
def demo(transactional_db, monkeypatch):
    """The demonstration organisation, with its declarations."""
    monkeypatch.setenv("DEMO_PASSWORD", TEST_PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_the_chief_executive_reads_filters_downloads_and_reports(page, live_server, demo, media):
    chief = User.objects.get(full_name="Helen Brackley")
    chief.totp_secret = enable_totp(chief)
    sign_in_with_code(page, live_server, chief, TEST_PASSWORD)

    page.get_by_role("link", name="Compliance").click()
    page.wait_for_url(re.compile(r"/declarations/compliance/$"))
    page.get_by_role("heading", name="Declarations compliance", level=1).wait_for()
    expect(page.get_by_role("img", name=re.compile(r"^Bar chart: by team"))).to_be_visible()
    overdue = page.get_by_role("table", name=re.compile("Overdue declarations"))
    assert overdue.get_by_role("row").count() > 5
    assert_accessible(page, "compliance dashboard")
    screenshot(page, "compliance-dashboard")

    page.get_by_label("Cycle", exact=True).select_option(label="Due in 2025")
    page.get_by_label("Team", exact=True).select_option(label="Communications and Engagement")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Declarations due in 2025").wait_for()
    assert page.get_by_role("table", name=re.compile("^By team")).get_by_role(
        "rowheader", name="Communications and Engagement"
    ).count() == 1
    assert_accessible(page, "compliance dashboard, a past cycle")
    screenshot(page, "compliance-past-cycle")

    page.get_by_label("Cycle", exact=True).select_option(label="Now")
    page.get_by_label("Team", exact=True).select_option(label="All teams")
    page.get_by_label("List people whose declaration is").select_option(label="Due within 14 days")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Declarations due within 14 days").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    rows = list(csv.reader(Path(download.value.path()).read_text(encoding="utf-8").splitlines()))
    shown = page.get_by_role("table", name=re.compile("Declarations due within 14 days"))
    assert sum(1 for row in rows if row and "@" in "".join(row)) == shown.get_by_role("row").count() - 1

    page.get_by_role("button", name="Create a signed PDF report").click()
    page.wait_for_url(re.compile(r"/records/CMP-\d{4}-\d{6}/$"))
    record = Record.objects.get(kind="compliance_report")
    assert record.subject == chief and record.evidence["filters"]["people_listed"] == "Due within 14 days"
    assert_accessible(page, "compliance report record")
    screenshot(page, "compliance-report-record")


def test_a_line_manager_sees_only_their_team(page, live_server, demo):
    jamal = User.objects.get(full_name="Jamal Edwards")
    sign_in(page, live_server, jamal.email, TEST_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/declarations/compliance/?status=outstanding")
    people = page.get_by_role("table", name=re.compile("Declarations not yet signed"))
    names = {text.splitlines()[0].strip() for text in people.get_by_role("rowheader").all_inner_texts()}
    assert names <= {"Fiona Gallagher", "Harriet Lowe", "Peter Nwosu"} and names
    assert "report to you" in page.get_by_role("main").inner_text()
    assert_accessible(page, "compliance dashboard for a line manager")
    screenshot(page, "compliance-line-manager")


def test_staff_without_reports_are_refused(page, live_server, demo):
    laura = User.objects.get(full_name="Laura McKenzie")
    sign_in(page, live_server, laura.email, TEST_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Compliance").count() == 0
    response = page.goto(f"{live_server.url}/declarations/compliance/")
    assert response.status == 403
