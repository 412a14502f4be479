"""A member of staff signs the annual declaration and downloads its signed record; an
administrator writes, previews and publishes a version and sets up declarations."""

import datetime as dt
import re
import subprocess
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import expect

from declarations.models import Declaration
from declarations.tests.signing_samples import STATEMENTS, annual_kind, requirement_for
from devices.tests.factories import DeviceFactory
from records.models import Record
from staff.tests.factories import UserFactory
from tests.e2e.conftest import assert_accessible, screenshot, sign_in, sign_in_with_code


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _make_sign_in_stale(page, settings) -> None:
    """Age the browser's sign-in past DECLARATION_REAUTH_SECONDS by editing its session.

    The live server's clock cannot be moved from here, so the session's record of
    when the person signed in is moved back instead: exactly what time passing does.
    """
    [cookie] = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    session = SessionStore(session_key=cookie["value"])
    long_ago = time.time() - settings.DECLARATION_REAUTH_SECONDS - 60
    session["account_authentication_methods"] = [
        {**record, "at": long_ago} for record in session["account_authentication_methods"]
    ]
    session.save()


def _wait_for_record(declaration: Declaration, timeout: float = 60) -> Record:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = Record.objects.get(pk=declaration.record_id)
        if record.status == Record.Status.COMPLETE:
            return record
        time.sleep(0.2)
    raise AssertionError(f"Record {record.reference} is still {record.status}")


def test_a_member_of_staff_signs_the_annual_declaration(
    page, live_server, person, password, media, settings, celery_worker, tmp_path
):
    settings.DECLARATION_REAUTH_SECONDS = 900
    kind = annual_kind()
    requirement = requirement_for(person, kind, due_date=timezone.localdate() + dt.timedelta(days=10))
    question = kind.questions.get()
    # A real worker produces the signed record, as in production.
    worker = celery_worker(extra_env={"MEDIA_ROOT": str(media)})

    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")
    screenshot(page, "declarations-my-tasks")

    # Two clicks from home: the task, then (once everything is right) the signature.
    page.get_by_role("link", name="Sign the Annual policy declaration").click()
    page.wait_for_url(re.compile(r"/declarations/sign/\d+/$"))
    expect(page.get_by_role("heading", name="1. Purpose")).to_be_visible()
    assert_accessible(page, "signing page")
    screenshot(page, "declarations-sign")

    for statement in STATEMENTS:
        page.get_by_label(statement).check()
    page.get_by_label("Yes, if it is urgent").check()
    page.get_by_label("Your full name").fill("pat  member")
    page.get_by_role("button", name="Sign the declaration").click()

    alert = page.get_by_role("alert")
    expect(alert.get_by_text("Question 1: That is not right.")).to_be_visible()
    expect(page.get_by_text(question.explanation).first).to_be_visible()
    assert all(page.get_by_label(statement).is_checked() for statement in STATEMENTS)
    assert page.get_by_label("Your full name").input_value() == "pat  member"
    assert not Declaration.objects.exists()
    assert_accessible(page, "signing form with errors")
    screenshot(page, "declarations-sign-wrong-answer")

    _make_sign_in_stale(page, settings)
    page.get_by_label("No, never").check()
    page.get_by_role("button", name="Sign the declaration").click()

    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    assert not Declaration.objects.exists()
    screenshot(page, "declarations-reauthenticate")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="You have signed the Annual policy declaration")
    ).to_be_visible()
    assert_accessible(page, "signed confirmation")
    screenshot(page, "declarations-signed")
    declaration = Declaration.objects.get()
    assert declaration.requirement == requirement
    assert declaration.typed_name == "pat member"
    assert declaration.authentication[-1]["reauthenticated"] is True

    record = _wait_for_record(declaration)
    worker.wait_for_log("succeeded")
    page.get_by_role("link", name="Go to My records").click()
    page.wait_for_url(f"{live_server.url}/records/mine/")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {record.reference} (PDF)").click()
    pdf = tmp_path / "downloaded.pdf"
    download.value.save_as(pdf)
    result = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True)
    assert "Signature is Valid" in result.stdout, result.stdout + result.stderr
    assert "Total document signed" in result.stdout

    page.get_by_role("link", name="Declarations", exact=True).click()
    page.wait_for_url(f"{live_server.url}/declarations/")
    expect(page.get_by_text("You have nothing to sign.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Download {record.reference} (PDF)")).to_be_visible()
    assert_accessible(page, "my declarations")
    screenshot(page, "declarations-my-declarations")

    page.get_by_role("link", name="Use of IT, communications and social media", exact=True).click()
    expect(page.get_by_role("heading", name="Version history")).to_be_visible()
    assert_accessible(page, "policy page")
    screenshot(page, "declarations-policy")




def test_an_administrator_writes_previews_and_publishes_a_version(page, live_server, administrator, password, media):
    kind = annual_kind()
    policy = kind.policy
    DeviceFactory(
        kind="phone", asset_tag="PH-0042", issued=True, holder=UserFactory(full_name="Dana Device")
    )
    sign_in_with_code(page, live_server, administrator, password)

    page.goto(f"{live_server.url}{policy.get_absolute_url()}")
    page.get_by_role("link", name="Write a new version").click()
    page.get_by_label("Version number").fill("5.1")
    page.get_by_label("Takes effect on").fill("2026-06-01")
    page.get_by_label("What changed").fill("A clause on devices abroad.")
    page.get_by_label("Policy text").fill(
        "## 1. Purpose\n\nHow we use the organisation's systems.\n\n## 7. Devices abroad\n\n"
        "7. Ask Information Security at least **seven days** before you travel.\n"
        "8. Carry only the devices you need.\n\n| Device | Who decides |\n|---|---|\n| Phone | Chief Executive |\n"
    )
    page.get_by_label("This is a material change").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="7. Devices abroad")).to_be_visible()
    expect(page.get_by_role("cell", name="Chief Executive")).to_be_visible()
    assert_accessible(page, "version form with preview")
    screenshot(page, "declarations-version-preview")

    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Staff cannot see this version until it is published.")).to_be_visible()
    assert_accessible(page, "draft version")
    screenshot(page, "declarations-version-draft")

    page.get_by_role("link", name="Publish this version").click()
    expect(page.get_by_role("heading", name="This is a material change")).to_be_visible()
    assert_accessible(page, "publish confirmation")
    screenshot(page, "declarations-version-publish")
    page.get_by_role("button", name="Publish version 5.1").click()
    expect(
        page.get_by_text("Version 5.1 of Use of IT, communications and social media is published.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="7. Devices abroad")).to_be_visible()

    page.goto(f"{live_server.url}/declarations/kinds/")
    assert_accessible(page, "kinds of declaration")
    screenshot(page, "declarations-kinds")
    page.get_by_role("link", name="Add a kind of declaration").click()
    page.locator("#id_name").fill("Mobile device declaration")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "kind form with errors")
    screenshot(page, "declarations-kind-form-errors")

    page.goto(f"{live_server.url}/declarations/device-holders/")
    holder = page.get_by_role("row", name=re.compile("Dana Device"))
    expect(holder.get_by_role("link", name="Mobile phone PH-0042")).to_be_visible()
    assert_accessible(page, "issued device holders")
    screenshot(page, "declarations-device-holders")
