"""Requests and approvals in a real browser: staff ask, decision makers decide after
confirming who they are, the IT service desk does the work, and every decision ends
in a signed record.

Each person has their own browser context, as each has their own computer. The
authority matrix is West Midlands' (staff/authority_presets.py): the Chief
Executive decides mailbox access; Information Security is consulted, with seven
days' notice, before a device goes abroad.
"""

import datetime as dt
import re
import subprocess
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone
from playwright.sync_api import expect

from approvals import services as approval_services
from approvals.models import Request, Step, Task
from approvals.tests.factories import form_answers, mailbox_data
from kernel.roles import RoleKey
from notifications.models import Notification
from records.models import Record
from staff.authority_presets import PRESETS
from staff.services import authority_matrix_load
from staff.tests.factories import TeamFactory, UserFactory, enable_totp, give_role
from tests.e2e.conftest import assert_accessible, current_code, screenshot

AFFECTED_TOLD = "request_affected_told"


def day(offset: int) -> str:
    """The date ``offset`` days from today, as a date box takes it."""
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


# People ------------------------------------------------------------------------------


@pytest.fixture
def west_midlands(transactional_db):
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )


def _person(full_name: str, *, role: str | None = None, totp: bool = False, **fields):
    email = full_name.lower().replace(" ", ".") + "@opcc.example.org"
    user = UserFactory(full_name=full_name, email=email, **fields)
    if role:
        give_role(user, role)
    user.totp_secret = enable_totp(user) if totp or role else None
    return user


@pytest.fixture
def staff(west_midlands, media):
    """The people of these journeys, by what they do."""
    casework = TeamFactory(name="Casework")
    return {
        "requester": _person("Robin Requester", job_title="Casework Manager", team=casework),
        "holder": _person("Holly Holder", job_title="Caseworker", team=casework),
        "receiver": _person("Gabe Given", job_title="Caseworker", team=casework),
        "chief": _person("Casey Chief", role=RoleKey.CHIEF_EXECUTIVE, job_title="Chief Executive"),
        "desk": _person("Dee Desk", role=RoleKey.IT_SERVICE_DESK, job_title="IT Analyst"),
        "security": _person(
            "Ina Security", role=RoleKey.INFORMATION_SECURITY, job_title="Security Lead"
        ),
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


# Steps of the journeys ---------------------------------------------------------------


def field(page, label: str):
    """The box labelled exactly ``label`` (a required one's label ends in an asterisk)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def ask_for_mailbox_forwarding(
    page, live_server, requester, holder, receiver, *, check_pages=False
):
    """From the catalogue to a sent request; returns the request."""
    page.goto(f"{live_server.url}/requests/new/")
    if check_pages:
        assert_accessible(page, "catalogue")
        screenshot(page, "requests-catalogue")
    page.get_by_role("link", name=re.compile(r"^Start\W+access to someone's mailbox$")).click()
    expect(page.get_by_role("heading", name="Access to someone's mailbox")).to_be_visible()
    page.get_by_role("combobox", name="Whose mailbox").fill(holder.email)
    page.get_by_label("Automatic forwarding of new email to someone else").check()
    page.get_by_role("combobox", name="Who receives the email or the access").fill(receiver.email)
    page.get_by_label("Why it is needed").fill("Cover for casework while Holly is on leave.")
    field(page, "From").fill(day(1))
    field(page, "Until").fill(day(14))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    answers = page.get_by_role("region", name="Your answers")
    expect(answers.get_by_text(holder.full_name)).to_be_visible()
    expect(answers.get_by_text("Automatic forwarding of new email to someone else")).to_be_visible()
    expect(
        page.get_by_role("region", name="Who will deal with it").get_by_text("Chief Executive")
    ).to_be_visible()
    if check_pages:
        assert_accessible(page, "check your answers")
        screenshot(page, "requests-check-answers")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text(re.compile(r"Your request REQ-\S+ has been sent"))).to_be_visible()
    return Request.objects.get(
        requester=requester, affected=holder, status=Request.Status.SUBMITTED
    )


def open_decision(page, req: Request):
    """The decision maker goes from My tasks to the request, then to its decision page."""
    section = page.get_by_role("region", name="Requests awaiting my decision")
    section.get_by_role("link", name=req.summary).click()
    expect(page.get_by_role("heading", name=req.summary)).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^(Decide|Give advice)")).click()
    expect(page.get_by_role("heading", name=re.compile(req.summary))).to_be_visible()


def make_second_factor_stale(page) -> None:
    """Age the browser's confirmations of who the person is past the re-authentication
    timeout, as time passing would: the live server's clock cannot be moved from here."""
    [cookie] = [
        c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME
    ]
    session = SessionStore(session_key=cookie["value"])
    long_ago = time.time() - django_settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 60
    session["account_authentication_methods"] = [
        {**record, "at": long_ago} for record in session["account_authentication_methods"]
    ]
    session.save()


def forget_used_codes(user) -> None:
    """A code works once: the one used to sign in stays refused for its 30 seconds.
    Someone confirming again would wait for the next code; the test forgets the codes
    of this period and the last instead of waiting."""
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    period = int(time.time()) // 30
    for counter in (period - 1, period):
        code = format_hotp_value(hotp_value(user.totp_secret, counter))
        cache.delete(totp._get_used_cache_key(code))


def wait_for_record(req: Request, timeout: float = 30) -> Record:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        req.refresh_from_db()
        if req.record_id and req.record.status == Record.Status.COMPLETE:
            return req.record
        time.sleep(0.2)
    raise AssertionError(f"The record of {req.reference} was not produced")


def assert_signed_pdf(record: Record, tmp_path) -> None:
    pdf = tmp_path / f"{record.reference}.pdf"
    with default_storage.open(record.file.name, "rb") as handle:
        pdf.write_bytes(handle.read())
    result = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True)
    assert "Signature is Valid" in result.stdout, result.stdout + result.stderr
    assert "Total document signed" in result.stdout, result.stdout


# The journeys ------------------------------------------------------------------------


def test_mailbox_forwarding_approved_after_confirming_identity_then_set_up_by_the_desk(
    staff, browser_as, live_server, mailoutbox, tmp_path
):
    requester, holder, chief = staff["requester"], staff["holder"], staff["chief"]
    page = browser_as(requester)
    req = ask_for_mailbox_forwarding(
        page, live_server, requester, holder, staff["receiver"], check_pages=True
    )
    expect(page.get_by_role("heading", name=req.summary)).to_be_visible()
    assert_accessible(page, "request page (requester)")
    screenshot(page, "requests-request-page-sent")

    # The chief executive signed in a while ago: deciding asks for the code again.
    boss = browser_as(chief)
    open_decision(boss, req)
    make_second_factor_stale(boss)
    boss.reload()
    expect(boss.get_by_role("link", name="Confirm it's you")).to_be_visible()
    assert_accessible(boss, "decision page")
    screenshot(boss, "requests-decision-page")
    boss.get_by_label("Note, reason or question").fill("Approved for the dates of the leave.")
    boss.get_by_role("button", name="Approve").click()
    boss.wait_for_url(re.compile(r"/2fa/reauthenticate/"))
    assert Request.objects.get(pk=req.pk).status == Request.Status.SUBMITTED
    screenshot(boss, "requests-reauthenticate")
    forget_used_codes(chief)
    boss.get_by_label("Code").fill(current_code(chief.totp_secret))
    boss.get_by_role("button", name="Continue").click()
    expect(boss.get_by_text("You approved the request.")).to_be_visible()
    req.refresh_from_db()
    assert req.status == Request.Status.APPROVED
    step = req.steps.get()
    assert (step.decided_by, step.note) == (chief, "Approved for the dates of the leave.")

    # The holder is told, by notification and email.
    told = Notification.objects.get(kind=AFFECTED_TOLD)
    assert told.recipient == holder
    assert any(holder.email in message.to for message in mailoutbox)

    # The IT service desk sets the forwarding up.
    desk = staff["desk"]
    helper = browser_as(desk)
    section = helper.get_by_role("region", name="Tasks assigned to me")
    section.get_by_role("link", name=f"Set up: {req.summary}").click()
    expect(helper.get_by_role("heading", name=f"Set up: {req.summary}")).to_be_visible()
    assert_accessible(helper, "task page")
    screenshot(helper, "requests-task-page")
    helper.get_by_label("Note of what was done").fill(
        "Forwarding rule set in Exchange, ticket 4411."
    )
    helper.get_by_role("button", name="Mark as done").click()
    expect(helper.get_by_text(f"“Set up: {req.summary}” is marked done.")).to_be_visible()
    task = Task.objects.get(request=req, key__endswith="mailbox-grant")
    assert (task.status, task.done_by, task.note) == (
        Task.Status.DONE,
        desk,
        "Forwarding rule set in Exchange, ticket 4411.",
    )

    # The request page shows it all; the record is signed.
    page.goto(f"{live_server.url}{req.get_absolute_url()}")
    expect(
        page.get_by_role("cell", name=re.compile("Forwarding rule set in Exchange"))
    ).to_be_visible()
    record = wait_for_record(req)
    expect(page.get_by_role("link", name=record.reference)).to_be_visible()
    assert_accessible(page, "request page (approved)")
    screenshot(page, "requests-request-page-approved")
    assert record.evidence["steps"][0]["decided_by"] == chief.full_name
    assert_signed_pdf(record, tmp_path)


def sent_mailbox_request(staff) -> Request:
    """A mailbox forwarding request, filled in through its form and sent (no browser)."""
    data = mailbox_data(staff["holder"], staff["receiver"], starts_on=day(1), ends_on=day(14))
    answers = form_answers("mailbox_access", staff["requester"], data)
    draft = approval_services.request_draft_save(
        requester=staff["requester"], type_key="mailbox_access", answers=answers
    )
    return approval_services.request_submit(request=draft, actor=staff["requester"])


def test_an_internal_investigation_hides_the_request_from_the_mailbox_holder(
    staff, browser_as, live_server, mailoutbox
):
    holder, chief = staff["holder"], staff["chief"]
    req = sent_mailbox_request(staff)

    boss = browser_as(chief)
    open_decision(boss, req)
    investigation = boss.get_by_role("region", name="Internal investigation")
    investigation.get_by_label("Reason").fill("Suspected misuse of the casework system.")
    investigation.get_by_role("button", name="Mark as an internal investigation").click()
    expect(boss.get_by_text("Marked as an internal investigation")).to_be_visible()
    expect(boss.get_by_role("note", name="Internal investigation")).to_be_visible()
    boss.get_by_role("button", name="Approve").click()
    expect(boss.get_by_text("You approved the request.")).to_be_visible()
    req.refresh_from_db()
    assert (req.status, req.internal_investigation) == (Request.Status.APPROVED, True)
    assert req.investigation_reason == "Suspected misuse of the casework system."

    # The holder is told nothing and finds nothing.
    assert not Notification.objects.filter(recipient=holder).exists()
    assert not [message for message in mailoutbox if holder.email in message.to]
    them = browser_as(holder)
    expect(them.get_by_text("You have no unread notifications.")).to_be_visible()
    them.goto(f"{live_server.url}/requests/")
    expect(them.get_by_text("You have not made any requests.")).to_be_visible()
    response = them.goto(f"{live_server.url}{req.get_absolute_url()}")
    assert response.status == 404
    assert wait_for_record(req).evidence["request"]["internal_investigation"] is True
    response = them.goto(f"{live_server.url}{req.record.get_absolute_url()}")
    assert response.status == 404


def test_a_device_abroad_at_short_notice_is_late_and_carries_the_security_advice(
    staff, browser_as, live_server
):
    requester, security, chief = staff["requester"], staff["security"], staff["chief"]
    page = browser_as(requester)
    page.goto(f"{live_server.url}/requests/new/")
    page.get_by_role("link", name=re.compile(r"^Start\W+taking a device abroad$")).click()
    page.get_by_label("Which device").fill("Work laptop, asset tag WM-04512")
    page.get_by_label("Countries you will visit").fill("Spain")
    page.get_by_label("Leaving on").fill(day(3))
    page.get_by_label("Back on").fill(day(6))
    page.get_by_label("Why the device must go with you").fill(
        "Giving evidence to a European panel."
    )
    page.get_by_role("button", name="Continue").click()

    summary = page.get_by_role("alert")
    expect(
        summary.get_by_role(
            "link", name=re.compile("Why the request is late: You leave in fewer than 7 days")
        )
    ).to_be_visible()
    assert not Request.objects.exists()
    assert_accessible(page, "device abroad form with errors")
    screenshot(page, "requests-form-errors")
    summary.get_by_role("link", name=re.compile("Why the request is late")).click()
    expect(page.get_by_label("Why the request is late")).to_be_focused()
    page.get_by_label("Why the request is late").fill("The panel invited me on Monday.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="This request is late")).to_be_visible()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Raised late").first).to_be_visible()
    req = Request.objects.get(requester=requester)
    assert req.late

    # Information Security advises first; the Chief Executive then decides.
    adviser = browser_as(security)
    open_decision(adviser, req)
    advice = "Take the loan laptop instead; keep it with you at all times."
    adviser.get_by_label("Your advice, or your question").fill(advice)
    adviser.get_by_role("button", name="Record advice").click()
    expect(adviser.get_by_text("Your advice has been recorded.")).to_be_visible()

    boss = browser_as(chief)
    open_decision(boss, req)
    expect(boss.get_by_role("cell", name=advice)).to_be_visible()
    boss.get_by_role("button", name="Approve").click()
    expect(boss.get_by_text("You approved the request.")).to_be_visible()
    steps = wait_for_record(req).evidence["steps"]
    assert [(s["action"], s["decided_by"], s["note"]) for s in steps] == [
        (Step.Action.CONSULT.label, security.full_name, advice),
        (Step.Action.DECIDE.label, chief.full_name, ""),
    ]
    assert req.record.evidence["request"]["late"] is True


def test_the_decision_maker_asks_for_more_information_then_approves(staff, browser_as, live_server):
    requester, chief = staff["requester"], staff["chief"]
    req = sent_mailbox_request(staff)

    boss = browser_as(chief)
    open_decision(boss, req)
    boss.get_by_label("Note, reason or question").fill("Could Holly's deputy cover instead?")
    boss.get_by_role("button", name="Ask for more information").click()
    expect(boss.get_by_text("Your question has been sent to the requester.")).to_be_visible()

    page = browser_as(requester)
    page.goto(f"{live_server.url}{req.get_absolute_url()}")
    question = page.get_by_role("region", name="More information needed")
    expect(question.get_by_text("Could Holly's deputy cover instead?")).to_be_visible()
    question.get_by_role("link", name="Answer the question").click()
    expect(page.get_by_role("heading", name="Answer the question")).to_be_visible()
    expect(page.get_by_label("Automatic forwarding of new email to someone else")).to_be_disabled()
    page.get_by_role("textbox", name="Your answer").fill("No: the deputy is on leave too.")
    page.get_by_label("Why it is needed").fill("Cover while Holly and her deputy are both away.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer has been sent")).to_be_visible()
    expect(page.get_by_text("Cover while Holly and her deputy are both away.")).to_be_visible()

    boss.goto(f"{live_server.url}/")
    boss.get_by_role("region", name="Requests awaiting my decision").get_by_role(
        "link", name=req.summary
    ).click()
    expect(
        boss.get_by_role("region", name="Comments").get_by_text("No: the deputy is on leave too.")
    ).to_be_visible()
    boss.get_by_role("link", name="Decide", exact=True).click()
    boss.get_by_role("button", name="Approve").click()
    expect(boss.get_by_text("You approved the request.")).to_be_visible()
    req.refresh_from_db()
    assert req.status == Request.Status.APPROVED
    assert req.answers["reason"] == "Cover while Holly and her deputy are both away."


def test_a_delegate_decides_on_behalf_of_the_chief_executive(staff, browser_as, live_server):
    chief = staff["chief"]
    deputy = _person("Dana Deputy", totp=True, job_title="Head of Policy")
    req = sent_mailbox_request(staff)

    boss = browser_as(chief)
    boss.goto(f"{live_server.url}/requests/delegations/")
    boss.get_by_role("combobox", name="Who decides for you").fill(deputy.email)
    field(boss, "From").fill(day(0))
    field(boss, "Until").fill(day(7))
    boss.get_by_label("Why").fill("Annual leave")
    boss.get_by_role("button", name="Name the delegate").click()
    expect(boss.get_by_text(re.compile(r"^Dana Deputy decides for you from"))).to_be_visible()

    them = browser_as(deputy)
    open_decision(them, req)
    expect(them.get_by_text("You are deciding on behalf of Casey Chief.")).to_be_visible()
    them.get_by_role("button", name="Approve").click()
    expect(them.get_by_text("You approved the request.")).to_be_visible()
    expect(
        them.get_by_role("cell", name=re.compile(r"^Dana Deputy\s*on behalf of Casey Chief"))
    ).to_be_visible()
    step = Request.objects.get(pk=req.pk).steps.get()
    assert (step.decided_by, step.on_behalf_of) == (deputy, chief)
