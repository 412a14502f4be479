"""The leaver pages in a real browser: axe-core finds nothing on a manager's team, the
list of cases, a case's checklist, the start form, ticking an item, signing off and
the review of a mover's access, nor on any of their forms sent with errors; each page
is saved as a screenshot for people to look at."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts_registry.models import Access
from accounts_registry.tests.factories import AccountFactory
from devices.models import DeviceKind
from devices.tests.factories import DeviceFactory, PoolUserFactory
from kernel.roles import RoleKey
from leavers.services import case_open
from staff.tests.factories import TeamFactory, UserFactory, enable_totp, give_role
from tests.e2e.conftest import assert_accessible, screenshot

SHOTS = Path("/tmp/shots11")


def _person(full_name, *, role=None, **fields):
    email = full_name.lower().replace(" ", ".") + "@opcc.example.org"
    user = UserFactory(full_name=full_name, email=email, **fields)
    if role:
        give_role(user, role)
        user.totp_secret = enable_totp(user)
    return user


@pytest.fixture
def team(transactional_db):
    """A head of service, their manager and two reports: one leaving, with an open case
    started by the manager (so the head signs it off), holding a phone, a laptop and an
    account; one who moved in, with access to an account and a place on a pool tablet."""
    engagement = TeamFactory(name="Engagement")
    head = _person("Hayden Head", job_title="Head of Engagement", team=engagement)
    manager = _person(
        "Lee Manager", job_title="Engagement Manager", team=engagement, line_manager=head
    )
    leaver = _person(
        "Lou Leaver", job_title="Engagement Officer", team=engagement, line_manager=manager
    )
    mover = _person("Max Mover", job_title="Youth Worker", team=engagement, line_manager=manager)
    comms = _person("Charlie Comms", role=RoleKey.COMMUNICATIONS, job_title="Digital Lead")
    desk = _person("Dee Desk", role=RoleKey.IT_SERVICE_DESK, job_title="Service Desk Analyst")
    DeviceFactory(issued=True, holder=leaver, kind=DeviceKind.PHONE, asset_tag="PH-0101")
    DeviceFactory(issued=True, holder=leaver, kind=DeviceKind.LAPTOP, asset_tag="LT-0202",
                  model="ThinkPad")  # fmt: skip
    AccountFactory(active=True, owner=leaver, moderator=comms, handle="@OPCC_Youth")
    events = AccountFactory(active=True, owner=comms, moderator=comms, handle="@OPCC_Events")
    Access.objects.create(account=events, person=mover, granted_at=timezone.now(), granted_by=comms)
    tablet = DeviceFactory(pool=True, pool_team=TeamFactory(name="Contact Centre"),
                           kind=DeviceKind.TABLET, asset_tag="TB-0303")  # fmt: skip
    PoolUserFactory(device=tablet, person=mover)
    case = case_open(
        person=leaver,
        last_day=timezone.localdate() + dt.timedelta(days=14),
        reason="Resigned",
        actor=manager,
    )
    return {"head": head, "manager": manager, "leaver": leaver, "mover": mover, "desk": desk,
            "case": case}  # fmt: skip


def _check(page, name: str) -> None:
    assert_accessible(page, name)
    slug = f"leavers-page-{name.replace(' ', '-')}"
    screenshot(page, slug)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{slug}.png"), full_page=True)


def _submit_with_errors(page, button: str, name: str, problem: str = "There is a problem"):
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").filter(has_text=problem)).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    _check(page, name)


def test_the_managers_pages_are_accessible(team, browser_as, live_server):
    page = browser_as(team["manager"])
    base = f"{live_server.url}/leavers"

    page.goto(f"{base}/my-team/")
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Lou Leaver"))
    expect(row.get_by_text("Mobile phone PH-0101")).to_be_visible()
    _check(page, "my team")

    page.get_by_role("link", name="Open cases").click()
    expect(page.get_by_role("heading", name="Leaver cases")).to_be_visible()
    expect(page.get_by_role("link", name="Lou Leaver")).to_be_visible()
    _check(page, "case list")
    page.get_by_role("link", name="Signed off or cancelled").click()
    expect(page.get_by_text("No leaver case has been signed off")).to_be_visible()
    _check(page, "case list closed")

    page.goto(f"{base}/{team['case'].pk}/")
    expect(page.get_by_role("heading", name="Leaver case: Lou Leaver")).to_be_visible()
    _check(page, "case page for the manager")
    page.get_by_role("link", name=re.compile("Mark done.*mailbox")).click()
    expect(page.get_by_role("heading", name=re.compile("Arrange who may use"))).to_be_visible()
    expect(page.get_by_role("link", name="Raise a mailbox-access request")).to_be_visible()
    _check(page, "item tick mailbox")

    page.goto(f"{base}/my-team/")
    page.get_by_role("link", name="Start a leaver case for Max Mover").click()
    expect(page.get_by_role("heading", name="Start a leaver case")).to_be_visible()
    _check(page, "start form")


def test_the_start_form_with_errors_is_accessible(team, browser_as, live_server):
    page = browser_as(team["manager"])
    page.goto(f"{live_server.url}/leavers/start/")
    _submit_with_errors(page, "Start the case", "start form empty")

    page.goto(f"{live_server.url}/leavers/start/?person={team['mover'].pk}")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label(re.compile(r"^\s*Last working day\*?\s*$")).fill(yesterday.isoformat())
    _submit_with_errors(page, "Start the case", "start form past date")
    expect(page.get_by_text("cannot be in the past").first).to_be_visible()


def test_ticking_a_device_item_is_accessible(team, browser_as, live_server):
    page = browser_as(team["desk"])
    page.goto(f"{live_server.url}/leavers/")
    page.get_by_role("link", name="Lou Leaver").click()
    expect(page.get_by_role("link", name=re.compile("Mark done.*PH-0101"))).to_be_visible()
    _check(page, "case page for the service desk")

    page.get_by_role("link", name=re.compile("Mark done.*PH-0101")).click()
    expect(page.get_by_role("radio", name=re.compile("Recovered"))).to_be_visible()
    _check(page, "item tick")
    page.get_by_label("Note of what was done").fill("Not handed in yet.")
    _submit_with_errors(page, "Mark as done", "item tick without outcome")


def test_signing_off_with_items_open_is_refused_accessibly(team, browser_as, live_server):
    page = browser_as(team["head"])
    page.goto(f"{live_server.url}/leavers/{team['case'].pk}/")
    expect(page.get_by_text("once every item on the checklist is done")).to_be_visible()
    expect(page.get_by_role("link", name="Sign off the case")).to_have_count(0)
    _check(page, "case page for who signs off, items open")
    # A page kept open from before, or the address typed: the sign-off page says why not.
    page.goto(f"{live_server.url}/leavers/{team['case'].pk}/sign-off/")
    expect(page.get_by_role("heading", name="Still to do")).to_be_visible()
    _check(page, "sign off")
    _submit_with_errors(page, "Sign off the case", "sign off refused")
    expect(page.get_by_role("alert")).to_contain_text("5 item(s) of the checklist are not done")


def test_the_mover_review_is_accessible(team, browser_as, live_server):
    page = browser_as(team["manager"])
    page.goto(f"{live_server.url}/leavers/movers/{team['mover'].pk}/")
    expect(page.get_by_role("heading", name="Review access after a move")).to_be_visible()
    expect(page.get_by_role("radio", name="Keep").first).to_be_checked()
    _check(page, "mover review")

    # Every choice starts at "Keep", so only a choice left unmade is an error.
    page.locator("input[name^='access_']").evaluate_all(
        "boxes => boxes.forEach(b => b.checked = false)"
    )
    _submit_with_errors(page, "Save the review", "mover review with errors")

    # With nothing to review, the page goes straight back.
    page.goto(f"{live_server.url}/leavers/movers/{team['leaver'].pk}/")
    expect(page.get_by_role("heading", name="Review access after a move")).to_have_count(0)
