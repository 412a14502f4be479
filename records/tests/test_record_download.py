import hashlib

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory


def _url(record):
    return reverse("records:download", args=[record.reference])


@pytest.fixture
def declaration(manager, make_record):
    return make_record(subject=manager.report, kind="declaration", title="Annual policy declaration", produce=True)


@pytest.fixture
def decision(manager, make_record):
    return make_record(subject=manager.report, kind="decision", title="Mailbox access: decision", produce=True)


def test_the_subject_downloads_the_signed_file_and_it_is_audited(
    manager, declaration, mfa_client, stored_file
):
    report = manager.report
    response = mfa_client(report).get(_url(declaration))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{declaration.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content == stored_file(declaration)
    event = AuditEvent.objects.get(action="record.downloaded")
    assert event.actor == report
    assert event.target_id == str(declaration.pk)
    assert event.details["reference"] == declaration.reference


def test_the_line_manager_downloads_a_declaration(manager, declaration, mfa_client):
    assert mfa_client(manager).get(_url(declaration)).status_code == 200
    assert AuditEvent.objects.filter(action="record.downloaded", actor=manager).exists()


def test_the_line_manager_cannot_download_a_decision(manager, decision, mfa_client):
    assert mfa_client(manager).get(_url(decision)).status_code == 404


@pytest.mark.parametrize("role", [RoleKey.CHIEF_EXECUTIVE, RoleKey.MONITORING_OFFICER])
def test_a_decision_maker_who_took_no_part_cannot_download_a_decision(
    role, role_holder, decision, mfa_client
):
    # Who took part in a decision is the requests app's to say; a record about no
    # request has nobody beyond its subject and the auditors.
    assert mfa_client(role_holder(role)).get(_url(decision)).status_code == 404


def test_a_decision_maker_cannot_download_a_declaration(role_holder, declaration, mfa_client):
    decider = role_holder(RoleKey.CHIEF_EXECUTIVE)
    assert mfa_client(decider).get(_url(declaration)).status_code == 404


def test_a_decision_maker_without_two_factor_authentication_cannot(role_holder, decision, mfa_client):
    decider = role_holder(RoleKey.CHIEF_EXECUTIVE, mfa=False)
    assert mfa_client(decider).get(_url(decision)).status_code == 404


@pytest.mark.parametrize("kind", ["declaration", "decision"])
def test_an_auditor_downloads_any_record(kind, role_holder, declaration, decision, mfa_client):
    auditor = role_holder(RoleKey.AUDITOR)
    record = declaration if kind == "declaration" else decision
    assert mfa_client(auditor).get(_url(record)).status_code == 200


def test_an_unrelated_colleague_is_refused_and_nothing_is_audited(
    person, declaration, decision, mfa_client
):
    client = mfa_client(person)
    assert client.get(_url(declaration)).status_code == 404
    assert client.get(_url(decision)).status_code == 404
    assert not AuditEvent.objects.filter(action="record.downloaded").exists()


def test_an_administrator_is_not_among_those_who_see_records(admin_user, declaration, mfa_client):
    assert mfa_client(admin_user).get(_url(declaration)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, declaration):
    response = client.get(_url(declaration))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not AuditEvent.objects.filter(action="record.downloaded").exists()


def test_a_record_still_being_prepared_is_not_downloaded(person, make_record, mfa_client):
    record = make_record(subject=person)
    response = mfa_client(person).get(_url(record))
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()


def test_a_stored_file_that_no_longer_matches_is_not_served(
    person, make_record, mfa_client, record_storage
):
    record = make_record(subject=person, produce=True)
    path = record_storage / record.file.name
    path.write_bytes(path.read_bytes() + b"\n% appended")
    assert hashlib.sha256(path.read_bytes()).hexdigest() != record.sha256
    assert mfa_client(person).get(_url(record)).status_code == 404
    assert AuditEvent.objects.filter(action="record.integrity_failed").exists()
    assert not AuditEvent.objects.filter(action="record.downloaded").exists()


def test_a_former_line_manager_loses_access(manager, declaration, mfa_client):
    report = manager.report
    report.line_manager = UserFactory()
    report.save()
    assert mfa_client(manager).get(_url(declaration)).status_code == 404
