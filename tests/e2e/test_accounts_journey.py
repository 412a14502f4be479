"""The register of social-media accounts in a real browser, from an approved request to a
lost phone: the communications team registers the account, a person's access is
removed, the owner sets a new password, the accounts authority reveals it after
confirming who they are, and a lost device puts the account at risk.

The authority matrix is West Midlands' (staff/authority_presets.py): the Chief
Executive approves new accounts and is the accounts authority (000 App. A §17, §19).
"""

import re
import threading

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts_registry.models import Access, Account, Secret
from accounts_registry.vault import vault_read
from approvals.models import Request
from approvals.tests.factories import approve_all, submit
from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.tests.factories import TeamFactory
from tests.e2e.conftest import assert_accessible, current_code, screenshot
from tests.e2e.test_requests_journeys import (
    _person,
    field,
    forget_used_codes,
    make_second_factor_stale,
    west_midlands,  # noqa: F401 - a fixture
)

NEW_PASSWORD = "Blue-Heron-Lantern-42"


@pytest.fixture
def staff(west_midlands):  # noqa: F811 - the fixture imported above
    engagement = TeamFactory(name="Engagement")
    manager = _person("Lee Manager", job_title="Head of Engagement", team=engagement)
    return {
        "owner": _person(
            "Olive Owner", job_title="Engagement Officer", team=engagement, line_manager=manager
        ),
        "manager": manager,
        "moderator": _person("Mo Moderator", job_title="Engagement Officer", team=engagement),
        "colleague": _person("Colin Colleague", job_title="Youth Worker", team=engagement),
        "comms": _person("Charlie Comms", role=RoleKey.COMMUNICATIONS, job_title="Digital Lead"),
        "chief": _person("Casey Chief", role=RoleKey.CHIEF_EXECUTIVE, job_title="Chief Executive"),
    }


def approved_account_request(staff) -> Request:
    owner = staff["owner"]
    request = submit(
        "social_account",
        owner,
        {
            "owner_kind": "team",
            "platform": "twitter",
            "platform_other": "",
            "name": "@OPCC_Youth",
            "purpose": "News for young people across the region, and their questions answered.",
            "audience": "Young people aged 14 to 25",
            "moderator": staff["moderator"].email,
            "team": owner.team_id,
            "email": "youth@opcc.example.org",
            "guidance_read": "on",
        },
    )
    # Deciding makes a signed record, which pyHanko signs with asyncio: away from the
    # browser's event loop, as the live server would.
    decided = []
    worker = threading.Thread(
        target=lambda: decided.append(approve_all(request, [staff["manager"], staff["chief"]]))
    )
    worker.start()
    worker.join()
    return decided[0]


def test_an_approved_account_is_registered_protected_and_recovered(
    staff, browser_as, live_server, mailoutbox
):
    owner, comms, chief, colleague = staff["owner"], staff["comms"], staff["chief"], staff["colleague"]
    request = approved_account_request(staff)
    assert request.status == Request.Status.APPROVED
    account = Account.objects.get(source_request_id=request.pk)

    # The owner finds it on My accounts, waiting for its credentials.
    mine = browser_as(owner)
    mine.goto(f"{live_server.url}/social-media-accounts/")
    row = mine.get_by_role("row", name=re.compile("@OPCC_Youth"))
    expect(row.get_by_text("Awaiting registration")).to_be_visible()

    # The communications team registers it with its credentials.
    team = browser_as(comms)
    team.goto(f"{live_server.url}/social-media-accounts/register/")
    team.get_by_role("link", name="@OPCC_Youth").click()
    team.get_by_role("link", name="Register the credentials").click()
    field(team, "Username").fill("OPCC_Youth")
    field(team, "Password").fill("First-Password-2026")
    field(team, "Password again").fill("First-Password-2026")
    team.get_by_role("button", name="Register the credentials").click()
    expect(team.get_by_role("heading", name="@OPCC_Youth")).to_be_visible()
    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE
    assert not Secret.objects.filter(ciphertext__contains=b"First-Password-2026").exists()

    # Someone with access moves on: removing them asks for a new password.
    Access.objects.create(
        account=account, person=colleague, granted_at=timezone.now(), granted_by=comms
    )
    team.reload()
    team.get_by_role("link", name="Remove Colin Colleague's access").click()
    field(team, "Reason").fill("Moved to the press office.")
    team.get_by_role("button", name="Remove the access").click()
    expect(team.get_by_text("Password change required").first).to_be_visible()
    account.refresh_from_db()
    assert account.password_change_required

    # The owner registers the new password; the flag clears.
    mine.goto(f"{live_server.url}{account.get_absolute_url()}")
    mine.get_by_role("link", name="Register the new password").click()
    field(mine, "Password").fill(NEW_PASSWORD)
    field(mine, "Password again").fill(NEW_PASSWORD)
    mine.get_by_role("button", name="Store the new credentials").click()
    expect(mine.get_by_role("heading", name="@OPCC_Youth")).to_be_visible()
    account.refresh_from_db()
    assert not account.password_change_required
    current = account.secrets.current().get(field=Secret.Field.PASSWORD)
    assert vault_read(current) == NEW_PASSWORD

    # The accounts authority reveals it, after confirming who they are with their code.
    boss = browser_as(chief)
    boss.goto(f"{live_server.url}{account.get_absolute_url()}")
    make_second_factor_stale(boss)
    boss.reload()
    credentials = boss.get_by_role("region", name="Credentials")
    credentials.get_by_label("Why you need to see it").fill("Recovering the account after a hack.")
    credentials.get_by_role("button", name="Reveal the password").click()
    boss.wait_for_url(re.compile(r"/2fa/reauthenticate/"))
    assert not AuditEvent.objects.filter(action="social_account.revealed").exists()
    forget_used_codes(chief)
    boss.get_by_label("Code").fill(current_code(chief.totp_secret))
    boss.get_by_role("button", name="Continue").click()
    expect(boss.get_by_text(NEW_PASSWORD)).to_be_visible()
    assert_accessible(boss, "revealed password")
    screenshot(boss, "accounts-journey-revealed")
    reveal = AuditEvent.objects.get(action="social_account.revealed")
    assert (reveal.actor, reveal.target_id) == (chief, str(account.pk))
    assert reveal.details["reason"] == "Recovering the account after a hack."
    assert NEW_PASSWORD not in str(reveal.details)
    assert any(
        owner.email in message.to and "revealed" in message.subject.lower()
        for message in mailoutbox
    )

    # The owner loses their work phone: the account is at risk.
    mine.goto(f"{live_server.url}/requests/new/")
    mine.get_by_role("link", name=re.compile(r"^Report\W+report a lost or stolen device$", re.I)).click()
    mine.get_by_label("Which device").fill("Work phone, asset tag WM-01234")
    mine.get_by_label(re.compile("A work device the organisation issued")).check()
    field(mine, "When it was lost or stolen").fill(timezone.localdate().isoformat())
    mine.get_by_label("Where it was lost or stolen").fill("On the train to Coventry")
    mine.get_by_role("group", name=re.compile("locked with a PIN")).get_by_label("Yes").check()
    mine.get_by_role("group", name=re.compile("social-media accounts")).get_by_label("Yes").check()
    field(mine, "What happened").fill("I noticed it was missing when I got off the train.")
    field(mine, "What you have done so far").fill("Told the IT service desk by phone.")
    mine.get_by_role("button", name="Continue").click()
    mine.get_by_role("button", name=re.compile("^Send")).click()
    expect(mine.get_by_text(re.compile(r"REQ-\S+ has been sent"))).to_be_visible()
    account.refresh_from_db()
    assert account.at_risk and account.password_change_required
    mine.goto(f"{live_server.url}{account.get_absolute_url()}")
    expect(mine.get_by_text("At risk").first).to_be_visible()
