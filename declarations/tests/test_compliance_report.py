"""A signed PDF report of the compliance figures: made in the background, kept as a record."""

import subprocess

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from kernel.roles import RoleKey
from records.authorizers import can_see_record
from records.models import Record
from records.pdfs import render_record_html
from records.selectors import records_of
from records.services import record_produce

URL = reverse("declarations:compliance_report")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_day")]


@pytest.fixture
def record_storage(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_creates_a_pending_record_and_sends_the_person_to_it(
    org, role_holder, mfa_client, django_capture_on_commit_callbacks
):
    chief = role_holder(RoleKey.CHIEF_EXECUTIVE, full_name="Helen Chief")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = mfa_client(chief).post(f"{URL}?cycle=&status=overdue")

    record = Record.objects.get(kind="compliance_report")
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert record.reference.startswith("CMP-2026-")
    assert record.status == Record.Status.PENDING and len(queued) == 1  # made by the worker
    assert record.subject == chief and record.created_by == chief
    assert record.title == "Declarations compliance report, 15 June 2026"
    assert AuditEvent.objects.filter(
        action="compliance.reported", actor=chief, target_id=str(record.pk)
    ).exists()
    page = mfa_client(chief).get(response["Location"])
    assert "It is signed in the background" in page.text
    assert "Prepared for" in page.text


def test_the_report_carries_the_figures_the_page_shows(org, role_holder, mfa_client):
    chief = role_holder(RoleKey.CHIEF_EXECUTIVE)
    client = mfa_client(chief)
    shown = client.get(reverse("declarations:compliance"), {"kind": org.annual.pk}).context
    client.post(f"{URL}?kind={org.annual.pk}")

    evidence = Record.objects.get(kind="compliance_report").evidence
    assert evidence["covers"] == "Everyone"
    assert evidence["filters"]["declaration"] == "Annual policy declaration"
    by_team = evidence["tables"][1]
    assert by_team["columns"] == ["People", "Compliant", "% compliant", "Due within 14 days", "Overdue"]
    assert [(row["label"], row["cells"]) for row in by_team["rows"]] == [
        (tally.label, tally.cells()) for tally in shown["summary"].by_team
    ]
    assert [p["name"] for p in evidence["people"]["rows"]] == [r.person.full_name for r in shown["rows"]]
    assert evidence["people"]["rows"][0]["days_overdue"] == 440


def test_the_worker_produces_a_signed_pdf_of_it(org, mfa_client, record_storage, tmp_path):
    mia = org.people["Mia"]
    mfa_client(mia).post(URL)
    record = Record.objects.get(kind="compliance_report")

    assert "Gus Example" in render_record_html(record)
    assert "Eve Example" not in render_record_html(record)  # not one of Mia's reports
    assert record_produce(record_id=record.pk) is True
    record.refresh_from_db()
    path = record_storage / record.file.name
    assert record.status == Record.Status.COMPLETE and path.exists()
    checked = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    assert "Signature is Valid" in checked.stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "Declarations compliance report" in text
    assert "The people who report to Mia Example" in text
    assert "Gus Example" in text and "440" in text


def test_who_may_see_the_report(org, role_holder, mfa_client):
    mia = org.people["Mia"]
    mfa_client(mia).post(URL)
    record = Record.objects.get(kind="compliance_report")

    assert can_see_record(mia, record)
    assert can_see_record(role_holder(RoleKey.AUDITOR), record)
    assert can_see_record(role_holder(RoleKey.CHIEF_EXECUTIVE), record)
    assert not can_see_record(org.people["Ann"], record)
    assert not can_see_record(org.people["Eve"], record)
    assert record in records_of(mia)  # listed under My records


def test_only_answers_a_post(org, role_holder, mfa_client):
    response = mfa_client(role_holder(RoleKey.ADMINISTRATOR)).get(URL)
    assert response.status_code == 405
    assert not Record.objects.exists()


def test_staff_without_reports_cannot_ask_for_one(org, mfa_client):
    response = mfa_client(org.people["Ann"]).post(URL)
    assert response.status_code == 403
    assert not Record.objects.exists()


def test_bad_filters_make_no_report(org, role_holder, mfa_client):
    response = mfa_client(role_holder(RoleKey.ADMINISTRATOR)).post(f"{URL}?cycle=1999")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('declarations:compliance')}?cycle=1999"
    assert not Record.objects.exists()
