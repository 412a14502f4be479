from django.urls import reverse

from kernel.roles import RoleKey


def _url(record):
    return reverse("records:detail", args=[record.reference])


def test_the_subject_sees_the_record_with_its_fingerprints(person, make_record, mfa_client):
    record = make_record(subject=person, title="Annual policy declaration 2026", produce=True)
    page = mfa_client(person).get(_url(record)).content.decode()
    assert "Annual policy declaration 2026" in page
    assert record.sha256 in page
    assert record.certificate_fingerprint[:2].upper() + ":" in page
    assert reverse("records:download", args=[record.reference]) in page


def test_the_line_manager_sees_a_declaration(manager, make_record, mfa_client):
    record = make_record(subject=manager.report, kind="declaration")
    assert mfa_client(manager).get(_url(record)).status_code == 200


def test_an_auditor_sees_any_record(role_holder, person, make_record, mfa_client):
    record = make_record(subject=person, kind="decision")
    assert mfa_client(role_holder(RoleKey.AUDITOR)).get(_url(record)).status_code == 200


def test_a_colleague_gets_not_found(person, manager, make_record, mfa_client):
    record = make_record(subject=manager.report)
    assert mfa_client(person).get(_url(record)).status_code == 404


def test_an_unknown_reference_is_not_found(person, mfa_client):
    response = mfa_client(person).get(reverse("records:detail", args=["TST-2026-999999"]))
    assert response.status_code == 404
