"""On PostgreSQL, make the audit table refuse UPDATE and DELETE."""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION records_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % is not allowed on records_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS records_auditevent_append_only ON records_auditevent;
CREATE TRIGGER records_auditevent_append_only
    BEFORE UPDATE OR DELETE ON records_auditevent
    FOR EACH ROW EXECUTE FUNCTION records_auditevent_append_only();
"""

REMOVE = """
DROP TRIGGER IF EXISTS records_auditevent_append_only ON records_auditevent;
DROP FUNCTION IF EXISTS records_auditevent_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("records", "0002_initial")]

    operations = [migrations.RunPython(install, remove)]
