"""An auditor signs in with an authenticator app, reads and filters the audit trail."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from playwright.sync_api import expect

from audit.models import AuditEvent
from audit.services import audit_log
from kernel.roles import RoleKey
from staff.models import Role
from staff.services import role_assign
from staff.tests.factories import TeamFactory, UserFactory, enable_totp, give_role
from tests.e2e.conftest import (
    assert_accessible,
    screenshot,
    sign_in_with_code,
)


def from_ip(ip: str):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)
    request.user = AnonymousUser()
    return request


@pytest.fixture
def auditor(transactional_db):
    person = UserFactory(
        full_name="Avery Auditor",
        email="avery.auditor@opcc.example.org",
        job_title="Internal auditor",
    )
    give_role(person, RoleKey.AUDITOR)
    person.totp_secret = enable_totp(person)
    return person


@pytest.fixture
def history(auditor):
    """A morning's worth of events, a few days ago."""
    hr = TeamFactory(name="Human resources")
    admin = UserFactory(full_name="Alex Admin", email="alex.admin@opcc.example.org", team=hr)
    sam = UserFactory(
        full_name="Sam Patel",
        email="sam.patel@opcc.example.org",
        job_title="Communications officer",
    )
    start = dt.datetime(2026, 11, 16, 8, 55, tzinfo=dt.UTC)
    steps = [
        lambda: audit_log(
            action="auth.signed_in",
            actor=admin,
            target=admin,
            request=from_ip("10.20.1.15"),
            details={"methods": ["mfa", "password"]},
        ),
        lambda: audit_log(
            action="staff.created",
            actor=admin,
            target=sam,
            request=from_ip("10.20.1.15"),
            details={
                "full_name": "Sam Patel",
                "job_title": "Communications officer",
                "team": "Communications",
                "staff_type": "permanent",
            },
        ),
        lambda: role_assign(
            user=sam,
            role=Role.objects.get(key=RoleKey.COMMUNICATIONS),
            actor=admin,
            request=from_ip("10.20.1.15"),
        ),
        lambda: audit_log(
            action="auth.sign_in_failed",
            actor_label="sam.patel@opcc.example.org",
            target=sam,
            request=from_ip("10.20.4.77"),
            details={"email": "sam.patel@opcc.example.org"},
        ),
        lambda: audit_log(
            action="auth.signed_in",
            actor=sam,
            target=sam,
            request=from_ip("10.20.4.77"),
            details={"methods": ["password"]},
        ),
        lambda: audit_log(
            action="access.denied",
            actor=sam,
            request=from_ip("10.20.4.77"),
            details={"path": "/audit/", "method": "GET"},
        ),
        lambda: audit_log(
            action="staff.changed",
            actor=admin,
            target=sam,
            request=from_ip("10.20.1.15"),
            details={
                "job_title": {
                    "from": "Communications officer",
                    "to": "Senior communications officer",
                }
            },
        ),
        lambda: audit_log(
            action="authority_matrix.changed",
            actor=admin,
            request=from_ip("10.20.1.15"),
            details={
                "preset": "west_midlands_opcc",
                "decisions": ["device.abroad", "email.delete", "mailbox.auto_forward"],
            },
        ),
        lambda: audit_log(
            action="auth.signed_out", actor=sam, target=sam, request=from_ip("10.20.4.77")
        ),
    ]
    for minutes, step in enumerate(steps):
        with time_machine.travel(start + dt.timedelta(minutes=minutes * 7), tick=False):
            step()
    return {"admin": admin, "sam": sam}




def test_an_auditor_reads_and_filters_the_trail(page, live_server, auditor, history, password):
    sign_in_with_code(page, live_server, auditor, password)
    page.get_by_role("link", name="Audit trail").click()
    page.wait_for_url(re.compile(r"/audit/$"))
    expect(page.get_by_role("heading", name="Audit trail", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Staff member added")).to_be_visible()
    screenshot(page, "audit-viewer")
    assert_accessible(page, "audit viewer")

    page.get_by_label("Person").fill("sam.patel")
    page.get_by_label("Action").select_option(label="Sign-in failed")
    page.get_by_label("From").fill("2026-11-16")
    page.get_by_label("To").fill("2026-11-16")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"action=auth.sign_in_failed"))
    expect(page.get_by_text("1 event matches these filters")).to_be_visible()
    assert page.get_by_label("Person").input_value() == "sam.patel"
    screenshot(page, "audit-viewer-filtered")
    assert_accessible(page, "filtered audit viewer")

    page.get_by_role("link", name=re.compile(r"^Event \d+: full details")).first.click()
    expect(
        page.get_by_role("heading", name=re.compile(r"Event \d+: Sign-in failed"))
    ).to_be_visible()
    event = AuditEvent.objects.filter(action="auth.sign_in_failed").get()
    expect(page.get_by_text(event.hash)).to_be_visible()
    screenshot(page, "audit-event-detail")
    assert_accessible(page, "audit event detail")


def test_a_bad_date_range_is_explained(page, live_server, auditor, password):
    sign_in_with_code(page, live_server, auditor, password)
    page.goto(f"{live_server.url}/audit/?date_from=2026-11-20&date_to=2026-11-01")
    expect(page.get_by_role("alert")
        .get_by_text("The end date must be on or after the start date.")).to_be_visible()
    screenshot(page, "audit-viewer-error")
    assert_accessible(page, "audit viewer with a bad date range")
