"""Someone checks record files on the verification page; their records, and the
administrator's list of records that need attention."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from playwright.sync_api import expect

from kernel.roles import RoleKey
from records.models import Record
from records.services import record_create
from records.tests.record_samples import flip_byte, sample_evidence
from staff.models import Role
from staff.roles import DEFAULT_ROLES
from staff.tests.factories import UserFactory, enable_totp, give_role
from tests.e2e.conftest import assert_accessible, screenshot, sign_in


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _signed_record(subject, title="Annual policy declaration 2026") -> Record:
    """A record produced as a worker would, outside Playwright's event loop (pyHanko
    runs its own with asyncio.run, which a running loop forbids)."""

    def produce() -> int:
        try:
            # Committed, so the record is produced at once (tasks run in this process).
            with transaction.atomic():
                record = record_create(
                    kind="test", subject=subject, obj=None,
                    evidence=sample_evidence(subject), title=title,
                )
            return record.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        record = Record.objects.get(pk=pool.submit(produce).result())
    assert record.status == Record.Status.COMPLETE
    return record


def _check_file(page, path) -> None:
    page.get_by_label("Record file").set_input_files(str(path))
    page.get_by_role("button", name="Check the record").click()
    page.wait_for_load_state()


def test_a_member_of_staff_checks_a_genuine_and_a_tampered_record(
    page, live_server, person, password, media, tmp_path
):
    record = _signed_record(person)
    genuine = tmp_path / f"{record.reference}.pdf"
    genuine.write_bytes((media / record.file.name).read_bytes())
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(flip_byte(genuine.read_bytes(), genuine.stat().st_size // 2))

    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/records/verify/")
    assert_accessible(page, "verification page")

    _check_file(page, genuine)
    heading = page.get_by_role("heading", name=re.compile(r"^Valid: a genuine record"))
    expect(heading).to_be_visible()
    expect(page.get_by_text(f"Yes: record {record.reference}")).to_be_visible()
    expect(page.get_by_text("Annual policy declaration 2026 (")).to_be_visible()
    assert_accessible(page, "verification result: valid")
    screenshot(page, "records-verify-valid")

    _check_file(page, tampered)
    expect(page.get_by_role("heading", name="Invalid: this file cannot be trusted")).to_be_visible()
    expect(page.get_by_text("The file has been changed since it was signed.")).to_be_visible()
    assert_accessible(page, "verification result: invalid")
    screenshot(page, "records-verify-invalid")

    page.get_by_label("Or its reference").fill("not a reference")
    page.get_by_role("button", name="Check the record").click()
    expect(
        page.get_by_role("alert").get_by_text("Enter a reference like DEC-2026-000123")
    ).to_be_visible()
    assert page.get_by_label("Or its reference").input_value() == "not a reference"
    assert_accessible(page, "verification form error")
    screenshot(page, "records-verify-error")


def test_a_member_of_staff_finds_and_downloads_their_records(page, live_server, person, password, media):
    record = _signed_record(person)
    with transaction.atomic():
        # Still being prepared: no worker runs it in this test.
        pending = Record.objects.create(
            reference="TST-2026-000099", kind="test", year=2026, number=99,
            title="Mobile device declaration", subject=person, evidence={},
        )
    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="My records").click()
    page.wait_for_url(f"{live_server.url}/records/mine/")
    expect(page.get_by_role("cell", name=pending.reference)).to_be_visible()
    expect(page.get_by_text("Being prepared")).to_be_visible()
    assert_accessible(page, "my records")
    screenshot(page, "records-my-records")

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {record.reference} (PDF)").click()
    assert download.value.suggested_filename == f"{record.reference}.pdf"

    page.get_by_role("link", name=record.reference, exact=True).click()
    expect(page.get_by_role("heading", name="Annual policy declaration 2026")).to_be_visible()
    assert_accessible(page, "record detail")
    screenshot(page, "records-detail")

    page.get_by_role("link", name="check this record on the verification page").click()
    expect(page.get_by_role(
        "heading", name=f"Record {record.reference} is held by the portal and its signature is valid"
    )).to_be_visible()
    assert_accessible(page, "verification by reference")
    screenshot(page, "records-verify-reference")


def _signed_in_as(page, live_server, user) -> None:
    """Give the browser the session of ``user`` after two-factor sign-in."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": 0, "email": user.email},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def test_an_administrator_retries_a_record_that_failed(page, live_server, person, media):
    for key, name, description in DEFAULT_ROLES:
        Role.objects.get_or_create(key=key, defaults={"name": name, "description": description})
    admin = UserFactory(full_name="Alex Admin")
    give_role(admin, RoleKey.ADMINISTRATOR)
    enable_totp(admin)
    failed = Record.objects.create(
        reference="TST-2026-000042", kind="test", year=2026, number=42, title="Test record",
        subject=person, evidence=sample_evidence(person), status=Record.Status.FAILED,
        attempts=7, error="ImproperlyConfigured: The records signing file /etc/portal/key.pem is missing or unreadable.",
    )
    _signed_in_as(page, live_server, admin)
    page.goto(f"{live_server.url}/records/attention/")
    expect(page.get_by_text("Failed after 7 attempts")).to_be_visible()
    assert_accessible(page, "records needing attention")
    screenshot(page, "records-attention")

    page.get_by_role("button", name=f"Try again to produce {failed.reference}").click()
    expect(
        page.get_by_text(f"Record {failed.reference} will be produced again shortly.")
    ).to_be_visible()
    failed.refresh_from_db()
    assert failed.status == Record.Status.COMPLETE
    expect(page.get_by_text("Nothing needs attention")).to_be_visible()
    assert_accessible(page, "records needing attention, after retry")
