"""On PostgreSQL the audit table itself refuses UPDATE and DELETE (migration 0003)."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.chain import audit_chain_verify
from audit.models import AuditEvent
from audit.services import audit_log

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists only on PostgreSQL; SQLite has no equivalent")


@pytest.fixture
def event():
    audit_log(action="auth.signed_in")
    return audit_log(action="staff.changed", details={"job_title": "Analyst"})


def refused(run) -> str:
    with pytest.raises(DatabaseError) as raised, transaction.atomic():
        run()
    return str(raised.value)


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_update_is_refused(event):
    message = refused(
        lambda: raw("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    )
    assert "append-only: UPDATE is not allowed" in message
    assert AuditEvent.objects.get(pk=event.pk).action == "staff.changed"


def test_raw_sql_delete_is_refused(event):
    message = refused(lambda: raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk]))
    assert "append-only: DELETE is not allowed" in message
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_orm_cannot_update_events(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(details={"job_title": "Chief"}))
    event.details = {"job_title": "Chief"}
    refused(lambda: event.save())
    assert AuditEvent.objects.get(pk=event.pk).details == {"job_title": "Analyst"}


def test_the_orm_cannot_delete_events(event):
    refused(lambda: AuditEvent.objects.all().delete())
    refused(lambda: AuditEvent.objects.get(pk=event.pk).delete())
    assert AuditEvent.objects.count() == 2
    assert audit_chain_verify().ok
