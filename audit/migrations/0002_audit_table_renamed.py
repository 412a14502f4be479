"""Rename the audit table after its app, with its indexes and append-only trigger.

Renaming keeps every row, so every hash link stays as it was. On PostgreSQL the
trigger that refuses UPDATE and DELETE is replaced by one of the new name inside
the same transaction: the table is never left without it.
"""

from django.db import migrations

OLD_TRIGGER = """
DROP TRIGGER IF EXISTS records_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS records_auditevent_append_only();
"""

NEW_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % is not allowed on audit_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""

# Going back (this runs before the table gets its old name back, and the trigger
# follows the table): the trigger of records 0003.
RESTORE_OLD_TRIGGER = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
CREATE OR REPLACE FUNCTION records_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % is not allowed on records_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER records_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION records_auditevent_append_only();
"""


def replace_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_TRIGGER + NEW_TRIGGER, params=None)


def restore_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE_OLD_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("records", "0005_audit_event_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="auditevent", table=None),
        migrations.RenameIndex(
            model_name="auditevent",
            new_name="audit_event_target_idx",
            old_name="records_aud_target__e0e9bd_idx",
        ),
        migrations.RenameIndex(
            model_name="auditevent",
            new_name="audit_event_actor_idx",
            old_name="records_aud_actor_i_a635f0_idx",
        ),
        migrations.RunPython(replace_trigger, restore_trigger),
    ]
