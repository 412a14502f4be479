"""The audit event model now belongs to the audit app (its table is kept as it is)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0004_record"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
