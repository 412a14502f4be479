"""Journeys of an administrator through the staff pages, in a real browser."""

import re

from playwright.sync_api import expect

from kernel.roles import RoleKey
from staff.authority_presets import DEFAULT_PRESET, PRESETS
from staff.models import User
from staff.services import authority_matrix_load
from staff.tests.factories import UserFactory, give_role
from tests.e2e.conftest import (
    assert_accessible,
    screenshot,
    sign_in,
    sign_in_with_code,
)

BAD_CSV = (
    "email,full_name,job_title,team,line_manager_email,start_date\n"
    "ann.boss@opcc.example.org,Ann Boss,Head of Policy,Policy and Commissioning,,2021-04-06\n"
    "bob.report@gmail.com,Bob Report,Policy Officer,Policy and Commissioning,ann.boss@opcc.example.org,06/09/2022\n"
    "cat.jones@opcc.example.org,Cat Jones,Analyst,Policy and Commissioning,ann.boss@opcc.example.org,2023-01-09\n"
)
GOOD_CSV = BAD_CSV.replace("bob.report@gmail.com", "bob.report@opcc.example.org")








def upload(page, name, text):
    page.get_by_label("CSV file of staff").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()


def test_an_administrator_imports_staff_after_a_bad_row_is_refused(
    page, live_server, administrator, password
):
    sign_in_with_code(page, live_server, administrator, password)
    page.goto(f"{live_server.url}/staff/import/")
    upload(page, "new-starters.csv", BAD_CSV)

    expect(page.get_by_role("heading", name="Nothing has been imported")).to_be_visible()
    errors = page.get_by_role("table", name="Lines with problems")
    assert errors.get_by_role("rowheader").all_inner_texts() == ["Line 3"]
    assert "bob.report@gmail.com is not an @opcc.example.org address" in errors.inner_text()
    assert (
        not User.objects.filter(email__endswith="@opcc.example.org")
        .exclude(pk=administrator.pk)
        .exists()
    )
    screenshot(page, "staff-import-errors")
    assert_accessible(page, "staff import with errors")

    upload(page, "new-starters.csv", GOOD_CSV)
    expect(page.get_by_text("3 new, 0 updated")).to_be_visible()
    expect(page.get_by_text("Teams to create: Policy and Commissioning")).to_be_visible()
    screenshot(page, "staff-import-preview")
    assert_accessible(page, "staff import preview")

    page.get_by_role("button", name="Import 3 people").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    expect(page.get_by_text("Imported new-starters.csv: 3 new")).to_be_visible()
    assert User.objects.get(email="cat.jones@opcc.example.org").line_manager.full_name == "Ann Boss"
    screenshot(page, "staff-list")
    assert_accessible(page, "staff list")


def test_an_administrator_sees_a_record_and_the_form_keeps_what_was_typed(
    page, live_server, administrator, password
):
    boss = UserFactory(full_name="Helen Brackley", job_title="Chief Executive")
    give_role(boss, RoleKey.CHIEF_EXECUTIVE)
    report = UserFactory(
        full_name="Priya Raman", job_title="Executive Assistant", line_manager=boss
    )
    authority_matrix_load(preset=PRESETS[DEFAULT_PRESET], actor=administrator, name=DEFAULT_PRESET)
    sign_in_with_code(page, live_server, administrator, password)

    page.goto(f"{live_server.url}/staff/{boss.pk}/")
    expect(page.get_by_role("heading", name="Helen Brackley")).to_be_visible()
    expect(page.get_by_role("link", name=report.full_name)).to_be_visible()
    screenshot(page, "staff-detail")
    assert_accessible(page, "staff detail")

    page.goto(f"{live_server.url}/staff/new/")
    page.get_by_label("Full name").fill("Dana Hughes")
    page.get_by_label("Work email address").fill("dana.hughes@gmail.com")
    page.get_by_label("Job title").fill("Commissioning Officer")
    page.get_by_role("button", name="Add this person").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("Work email address").input_value() == "dana.hughes@gmail.com"
    assert page.get_by_label("Job title").input_value() == "Commissioning Officer"
    screenshot(page, "staff-form-errors")
    assert_accessible(page, "staff form with errors")

    page.goto(f"{live_server.url}/staff/authority-matrix/")
    expect(page.get_by_role("heading", name="Who decides what")).to_be_visible()
    screenshot(page, "staff-authority-matrix")
    assert_accessible(page, "authority matrix")


def test_deactivating_a_signed_in_person_ends_their_session(
    page, browser, live_server, administrator, password
):
    person = UserFactory(full_name="Laura McKenzie", job_title="Policy Officer")
    their_context = browser.new_context(locale="en-GB")
    their_page = their_context.new_page()
    sign_in(their_page, live_server, person.email, password)
    their_page.wait_for_url(f"{live_server.url}/")

    sign_in_with_code(page, live_server, administrator, password)
    page.goto(f"{live_server.url}/staff/{person.pk}/")
    expect(page.get_by_text("1 active session")).to_be_visible()
    page.get_by_role("link", name="Deactivate").click()
    page.get_by_label("Why are you deactivating this account?").fill("Left the organisation today")
    screenshot(page, "staff-deactivate")
    assert_accessible(page, "deactivate confirmation")
    page.get_by_role("button", name="Deactivate and sign out").click()
    expect(page.get_by_text("has been deactivated and signed out everywhere")).to_be_visible()

    their_page.reload()
    assert re.match(rf"{re.escape(live_server.url)}/accounts/login/", their_page.url)
    their_context.close()
