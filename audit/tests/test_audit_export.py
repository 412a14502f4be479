import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from audit.chain import audit_chain_verify
from audit.display import CSV_HEADER
from audit.models import AuditEvent
from audit.services import audit_log
from staff.tests.factories import UserFactory

URL = reverse("audit:event_export")

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_streams_a_csv_with_a_header_row(auditor_client, person):
    event = audit_log(action="role.assigned", target=person, details={"role": "auditor"})
    response = auditor_client.get(URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == ",".join(CSV_HEADER)
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["Sequence"] == str(event.seq))
    assert row["Action"] == "Role assigned"
    assert row["Action key"] == "role.assigned"
    assert row["Target type"] == "staff.user"
    assert row["Target ID"] == str(person.pk)
    assert row["Details"] == '{"role": "auditor"}'
    assert row["Time (UTC)"] == event.occurred_at.isoformat(timespec="seconds")
    assert row["Hash"] == event.hash
    assert row["Previous hash"] == event.prev_hash


def test_exports_only_the_filtered_events_newest_first(auditor_client):
    jo = UserFactory(email="jo.bloggs@opcc.example.org")
    audit_log(action="staff.changed", actor=jo, details={"n": 1})
    audit_log(action="staff.created", actor=jo)
    audit_log(action="staff.changed", actor=jo, details={"n": 2})
    audit_log(action="staff.changed")
    exported = read_csv(auditor_client.get(URL, {"actor": "bloggs", "action": "staff.changed"}))
    assert [row["Details"] for row in exported] == ['{"n": 2}', '{"n": 1}']
    assert {row["Actor"] for row in exported} == {"jo.bloggs@opcc.example.org"}


def test_the_export_is_itself_audited_with_the_filters_and_row_count(auditor_client, auditor):
    audit_log(action="staff.changed")
    audit_log(action="staff.changed")
    exported = read_csv(
        auditor_client.get(URL, {"action": "staff.changed", "date_from": "2026-01-01"})
    )
    record = AuditEvent.objects.get(action="audit.exported")
    assert record.actor == auditor
    assert record.details["filters"] == {"action": "staff.changed", "date_from": "2026-01-01"}
    assert record.details["rows"] == len(exported) == 2
    assert audit_chain_verify().ok


def test_the_export_leaves_out_its_own_record(auditor_client):
    exported = read_csv(auditor_client.get(URL))
    assert "audit.exported" not in {row["Action key"] for row in exported}
    assert AuditEvent.objects.get(action="audit.exported").details["rows"] == len(exported)


def test_neutralises_cells_a_spreadsheet_would_run(auditor_client):
    audit_log(action="auth.sign_in_failed", actor_label='=HYPERLINK("http://evil.example")')
    exported = read_csv(auditor_client.get(URL, {"action": "auth.sign_in_failed"}))
    assert exported[0]["Actor"] == '\'=HYPERLINK("http://evil.example")'


def test_hides_secrets_in_the_export(auditor_client):
    audit_log(action="staff.changed", details={"password": "hunter2-value"})
    text = b"".join(auditor_client.get(URL).streaming_content).decode()
    assert "hunter2-value" not in text


def test_sends_bad_filters_back_to_the_viewer_without_exporting(auditor_client):
    response = auditor_client.get(URL, {"date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 302
    assert response.url == reverse("audit:event_list") + "?date_from=2026-03-10&date_to=2026-03-01"
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_refuses_ordinary_staff_and_records_the_attempt(client, person):
    client.force_login(person)
    assert client.get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.exported").exists()
    assert AuditEvent.objects.filter(action="access.denied", actor=person).exists()
