import datetime as dt

from playwright.sync_api import expect

from declarations.models import Requirement
from declarations.tests.factories import RequirementFactory
from staff.tests.factories import UserFactory
from tests.e2e.conftest import assert_accessible, screenshot, sign_in_with_code


def test_an_administrator_gives_a_person_more_time_from_the_compliance_page(
    page, live_server, password, administrator
):
    admin = administrator
    late = RequirementFactory(
        user=UserFactory(full_name="Sam Late"), due_date=dt.date.today() - dt.timedelta(days=9)
    )

    sign_in_with_code(page, live_server, admin, password)
    page.goto(f"{live_server.url}/declarations/compliance/")
    page.get_by_role("link", name="Give more time to Sam Late").click()
    page.get_by_role("button", name="Give more time").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    screenshot(page, "declarations-extend-errors")
    assert_accessible(page, "give more time, with errors")

    new_date = dt.date.today() + dt.timedelta(days=21)
    page.get_by_label("New due date").fill(new_date.isoformat())
    page.get_by_label("Reason").fill("Returning from long-term sick leave")
    page.get_by_role("button", name="Give more time").click()
    page.wait_for_url(f"{live_server.url}/declarations/compliance/")
    expect(page.get_by_text("Sam Late now has until")).to_be_visible()
    assert Requirement.objects.get(pk=late.pk).extended_to == new_date
