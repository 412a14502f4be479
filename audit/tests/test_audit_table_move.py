"""Upgrading a database made before the audit trail had an app of its own.

The audit events lived in the records app's table; the audit app's migrations
adopt the model and rename the table. Nothing may be lost on the way: every
event stays, every hash link still verifies, and on PostgreSQL the table still
refuses UPDATE and DELETE.
"""

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError
from django.utils import timezone

from audit.chain import audit_chain_verify
from audit.models import GENESIS_HASH, AuditEvent
from staff.tests.factories import UserFactory

BEFORE_THE_MOVE = [("records", "0004_record"), ("audit", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _write_old_events(old_model, actor, count: int) -> list[str]:
    """Events written the way the previous release wrote them, straight into its table."""
    previous, hashes = GENESIS_HASH, []
    for seq in range(1, count + 1):
        fields = {
            "seq": seq,
            "occurred_at": timezone.now(),
            "actor_id": actor.pk,
            "actor_label": actor.email,
            "action": "staff.changed",
            "target_type": "staff.user",
            "target_id": str(actor.pk),
            "target_label": str(actor),
            "details": {"job_title": {"from": "", "to": f"Analyst {seq}"}},
            "ip_address": "192.0.2.1",
            "prev_hash": previous,
        }
        fields["hash"] = AuditEvent(**fields).compute_hash()
        old_model.objects.create(**fields)
        previous = fields["hash"]
        hashes.append(previous)
    return hashes


@pytest.mark.django_db(transaction=True)
def test_keeps_every_event_and_the_chain_through_the_upgrade():
    actor = UserFactory()
    old_state = _migrate(BEFORE_THE_MOVE).loader.project_state(BEFORE_THE_MOVE[0])
    old_model = old_state.apps.get_model("records", "AuditEvent")
    assert old_model._meta.db_table == "records_auditevent"
    hashes = _write_old_events(old_model, actor, 3)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    now = MigrationExecutor(connection)
    assert not now.migration_plan(now.loader.graph.leaf_nodes())
    assert list(AuditEvent.objects.order_by("seq").values_list("hash", flat=True)) == hashes
    report = audit_chain_verify()
    assert report.ok and report.checked == 3
    assert AuditEvent._meta.db_table == "audit_auditevent"


@pytest.mark.django_db(transaction=True)
def test_keeps_the_table_append_only_after_the_upgrade():
    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger exists on PostgreSQL only")
    actor = UserFactory()
    old_state = _migrate(BEFORE_THE_MOVE).loader.project_state(BEFORE_THE_MOVE[0])
    _write_old_events(old_state.apps.get_model("records", "AuditEvent"), actor, 1)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x'")
    assert AuditEvent.objects.get().action == "staff.changed"
