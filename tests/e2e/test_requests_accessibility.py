"""axe-core on the requests pages a member of staff fills in: the catalogue and every
type's form sent empty, with its errors shown. The check-your-answers, request,
decision and task pages are checked along the journeys (test_requests_journeys.py)."""

from playwright.sync_api import expect

from approvals.types import all_types
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_requests_journeys import media, staff, west_midlands  # noqa: F401


def test_the_catalogue_and_every_form_with_errors_are_accessible(staff, browser_as, live_server):  # noqa: F811
    page = browser_as(staff["requester"])
    page.goto(f"{live_server.url}/requests/new/")
    expect(page.get_by_role("heading", name="New request", exact=True)).to_be_visible()
    assert_accessible(page, "catalogue")
    screenshot(page, "requests-catalogue")

    types = [request_type for request_type in all_types() if request_type.in_catalogue]
    assert len(types) >= 16
    for request_type in types:
        page.goto(f"{live_server.url}/requests/new/{request_type.key}/")
        expect(page.get_by_role("heading", name=request_type.name, exact=True)).to_be_visible()
        if request_type.why_not(staff["requester"]):
            assert_accessible(page, f"{request_type.name}: why it cannot be asked yet")
            continue
        page.get_by_role("button", name="Continue").click()
        summary = page.get_by_role("alert").filter(has_text="There is a problem")
        expect(summary).to_be_visible()
        assert page.title().startswith("Error: "), page.title()
        assert_accessible(page, f"{request_type.name} form with errors")
    screenshot(page, f"requests-form-errors-{types[-1].key}")

    page.goto(f"{live_server.url}/requests/delegations/")
    page.get_by_role("button", name="Name the delegate").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "delegations with errors")
    screenshot(page, "requests-delegations-errors")
