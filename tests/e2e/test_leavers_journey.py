"""A leaver case in a real browser, from the manager's team page to the signed record.

The leaver holds a phone, a laptop, one social-media account they own and access to
two more, and a request waits on their decision. Their manager starts the case from
"My team"; the checklist gives each item to its owner; the owners tick them; the
nightly job after the last day stops the leaver signing in and ends their session;
the manager's own manager signs the case off, and the signed PDF validates.
"""

import datetime as dt
import re
import shutil
import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from accounts_registry.models import Access
from accounts_registry.tests.factories import AccountFactory
from approvals.models import Step, Task
from approvals.tests.factories import StepFactory
from devices.models import Device, DeviceKind
from devices.tests.factories import DeviceFactory
from kernel.roles import RoleKey
from leavers.models import CaseItem, LeaverCase
from leavers.services import case_item_complete
from records.models import Record
from staff.tasks import deactivate_leavers
from staff.tests.factories import TeamFactory
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_requests_journeys import (
    _person,
    assert_signed_pdf,
    field,
    media,  # noqa: F401 - a fixture
    west_midlands,  # noqa: F401 - a fixture
)

SHOTS = "/tmp/shots11"


def shot(page, name: str) -> None:
    path = screenshot(page, name)
    shutil.copy(path, f"{SHOTS}/{name}.png")


@pytest.fixture
def people(west_midlands, media):  # noqa: F811 - the fixtures imported above
    team = TeamFactory(name="Engagement")
    head = _person("Hayden Head", job_title="Head of Engagement", team=team)
    manager = _person("Lee Manager", job_title="Engagement Manager", team=team, line_manager=head)
    leaver = _person("Lou Leaver", job_title="Engagement Officer", team=team, line_manager=manager)
    comms = _person("Charlie Comms", role=RoleKey.COMMUNICATIONS, job_title="Digital Lead")
    desk = _person("Dee Desk", role=RoleKey.IT_SERVICE_DESK, job_title="Service Desk Analyst")
    DeviceFactory(issued=True, holder=leaver, kind=DeviceKind.PHONE, asset_tag="PH-0101")
    DeviceFactory(issued=True, holder=leaver, kind=DeviceKind.LAPTOP, asset_tag="LT-0202")
    AccountFactory(active=True, owner=leaver, moderator=comms, handle="@OPCC_Youth")
    AccountFactory(active=True, owner=comms, moderator=leaver, handle="@OPCC_Panel")
    events = AccountFactory(active=True, owner=comms, moderator=comms, handle="@OPCC_Events")
    Access.objects.create(
        account=events, person=leaver, granted_at=timezone.now(), granted_by=comms
    )
    StepFactory(assignee=leaver, role=None, status=Step.Status.OPEN)
    return {"head": head, "manager": manager, "leaver": leaver, "comms": comms, "desk": desk}


def wait_for_case_record(case: LeaverCase, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        case.refresh_from_db()
        if case.record_id and case.record.status == Record.Status.COMPLETE:
            return case.record
        time.sleep(0.2)
    raise AssertionError("The leaver case's record was not produced")


def test_a_leaver_case_closes_everything_the_person_holds(
    people, browser_as, live_server, tmp_path
):
    leaver, manager, desk, comms = (
        people["leaver"],
        people["manager"],
        people["desk"],
        people["comms"],
    )
    their_page = browser_as(leaver)
    assert Session.objects.count() == 1

    # The manager starts the case from My team.
    page = browser_as(manager)
    page.goto(f"{live_server.url}/leavers/my-team/")
    row = page.get_by_role("row", name=re.compile("Lou Leaver"))
    expect(row.get_by_text("Mobile phone PH-0101")).to_be_visible()
    expect(row.get_by_text("@OPCC_Youth")).to_be_visible()
    assert_accessible(page, "my team")
    shot(page, "leavers-my-team")
    row.get_by_role("link", name=re.compile("Start a leaver case")).click()
    last_day = timezone.localdate() + dt.timedelta(days=7)
    field(page, "Last working day").fill(last_day.isoformat())
    page.get_by_label("Reason for leaving").fill("Resigned")
    page.get_by_role("button", name="Start the case").click()
    expect(page.get_by_role("heading", name="Leaver case: Lou Leaver")).to_be_visible()
    assert_accessible(page, "case page")
    shot(page, "leavers-case-opened")

    # Every item, with the right owner.
    case = LeaverCase.objects.get(person=leaver)
    owners = {
        (item.what, item.device.asset_tag if item.device else item.account.handle if item.account else "")
        : item.task.owner_label
        for item in case.items.select_related("task__owner", "task__owner_role", "device", "account")
    }  # fmt: skip
    desk_role = "IT service desk"
    assert owners[(CaseItem.What.DISABLE_ACCOUNTS, "")] == desk_role
    assert owners[(CaseItem.What.DEVICE, "PH-0101")] == desk_role
    assert owners[(CaseItem.What.DEVICE, "LT-0202")] == desk_role
    assert owners[(CaseItem.What.MAILBOX, "")] == "Lee Manager"
    assert owners[(CaseItem.What.ACCOUNT_OWNED, "@OPCC_Youth")] == "Communications team"
    assert owners[(CaseItem.What.ACCOUNT_ACCESS, "@OPCC_Panel")] == "Communications team"
    assert owners[(CaseItem.What.ACCOUNT_ACCESS, "@OPCC_Events")] == "Communications team"
    assert (CaseItem.What.STEPS, "") in owners

    # The IT service desk records the phone recovered in the browser.
    desk_page = browser_as(desk)
    desk_page.goto(f"{live_server.url}/leavers/{case.pk}/")
    desk_page.get_by_role("link", name=re.compile("Mark done.*PH-0101")).click()
    desk_page.get_by_role("radio", name=re.compile("Recovered")).check()
    desk_page.get_by_label("Note of what was done").fill("Handed in at reception.")
    assert_accessible(desk_page, "tick a device")
    shot(desk_page, "leavers-item-tick")
    desk_page.get_by_role("button", name="Mark as done").click()
    expect(desk_page.get_by_text("is done")).to_be_visible()
    assert Device.objects.get(asset_tag="PH-0101").status == Device.Status.RETURNED

    # The other owners tick theirs.
    for item in case.items.filter(task__status=Task.Status.OPEN).select_related("task", "device"):
        owner = manager if item.task.owner_id == manager.pk else (
            comms if item.task.owner_role and item.task.owner_role.key == RoleKey.COMMUNICATIONS else desk
        )  # fmt: skip
        outcome = "recovered" if item.what == CaseItem.What.DEVICE else ""
        case_item_complete(item=item, actor=owner, note="Done.", outcome=outcome)
    page.reload()
    expect(
        page.get_by_text(f"{case.items.count()} of {case.items.count()} done").first
    ).to_be_visible()

    # The last day passes: the nightly job stops them signing in and ends their session.
    after = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(1), tzinfo=dt.UTC)
    with time_machine.travel(after, tick=False):
        deactivate_leavers()
        deactivate_leavers()
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert Session.objects.filter(session_key__in=[
        c["value"] for c in their_page.context.cookies() if "session" in c["name"]
    ]).count() == 0  # fmt: skip
    their_page.goto(f"{live_server.url}/leavers/")
    expect(their_page).to_have_url(re.compile("/accounts/login/"))

    # The manager's own manager signs it off; the signed record validates.
    head_page = browser_as(people["head"])
    head_page.goto(f"{live_server.url}/leavers/{case.pk}/")
    head_page.get_by_role("link", name="Sign off the case").click()
    assert_accessible(head_page, "sign off")
    shot(head_page, "leavers-sign-off")
    head_page.get_by_role("button", name="Sign off the case").click()
    expect(head_page.get_by_role("status")).to_contain_text("is signed off")
    record = wait_for_case_record(case)
    head_page.reload()
    shot(head_page, "leavers-case-signed-off")
    assert_signed_pdf(record, tmp_path)
