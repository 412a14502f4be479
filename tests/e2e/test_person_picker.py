"""An administrator chooses a line manager with the keyboard from the suggestions."""


from playwright.sync_api import expect

from staff.tests.factories import TeamFactory, UserFactory
from tests.e2e.conftest import assert_accessible, screenshot, sign_in_with_code


def test_an_administrator_picks_a_line_manager_with_the_keyboard(
    page, live_server, administrator, password
):
    policy = TeamFactory(name="Policy and Commissioning")
    UserFactory(
        full_name="Helen Brackley",
        email="helen.brackley@opcc.example.org",
        job_title="Chief Executive",
        team=policy,
    )
    manager = UserFactory(
        full_name="Helena Okafor",
        email="helena.okafor@opcc.example.org",
        job_title="Head of Policy",
        team=policy,
    )
    UserFactory(full_name="Helen Gone", is_active=False)
    person = UserFactory(full_name="Priya Raman", job_title="Policy Officer", team=policy)
    sign_in_with_code(page, live_server, administrator, password)

    page.goto(f"{live_server.url}/staff/{person.pk}/edit/")
    picker = page.get_by_role("combobox", name="Line manager")
    picker.press_sequentially("hele", delay=30)
    # On a busy machine a pause between keys sends a request for "hel" first: wait
    # for the last one, whose answer would otherwise reset the highlighted option.
    page.wait_for_load_state("networkidle")
    suggestions = page.get_by_role("listbox", name="Suggested line managers")
    options = suggestions.get_by_role("option")
    options.first.wait_for()
    assert options.all_text_contents() == [
        "Helen Brackley Chief Executive, Policy and Commissioning · helen.brackley@opcc.example.org",
        "Helena Okafor Head of Policy, Policy and Commissioning · helena.okafor@opcc.example.org",
    ]
    assert picker.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("status").filter(has_text="2 suggestions").count() == 1

    picker.press("ArrowDown")
    picker.press("ArrowDown")
    assert picker.get_attribute("aria-activedescendant") == "id_line_manager_option_1"
    assert options.nth(1).get_attribute("aria-selected") == "true"
    screenshot(page, "staff-form-person-picker")
    assert_accessible(page, "staff form with suggestions open")

    picker.press("Enter")
    expect(picker).to_have_value("helena.okafor@opcc.example.org")
    assert suggestions.is_hidden()
    assert picker.get_attribute("aria-expanded") == "false"

    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"{live_server.url}/staff/{person.pk}/")
    expect(page.get_by_text("The record of Priya Raman has been saved.")).to_be_visible()
    person.refresh_from_db()
    assert person.line_manager == manager


def test_without_javascript_a_name_typed_gets_the_matching_emails(
    browser, live_server, administrator, password
):
    UserFactory(full_name="Helena Okafor", email="helena.okafor@opcc.example.org")
    person = UserFactory(full_name="Priya Raman")
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    sign_in_with_code(page, live_server, administrator, password)

    page.goto(f"{live_server.url}/staff/{person.pk}/edit/")
    page.get_by_label("Line manager", exact=True).fill("Okafor")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text(
        "“Okafor” is not a work email address. Type the email of the person you mean: "
        "Helena Okafor (helena.okafor@opcc.example.org)."
    ).first).to_be_visible()
    assert page.get_by_label("Line manager", exact=True).input_value() == "Okafor"
    screenshot(page, "staff-form-person-picker-no-javascript")
    context.close()
