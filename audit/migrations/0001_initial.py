"""The audit trail becomes an app of its own.

The table already exists (made by the records app's first migrations, with its
rows and, on PostgreSQL, the trigger that keeps it append-only). This migration
only tells Django that the model now lives here; no row is touched. The next
migration renames the table.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the model's content type (and the permissions that point at it)."""
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="audit", model="auditevent").exists():
        content_types.objects.filter(app_label="records", model="auditevent").update(
            app_label="audit"
        )


def restore_content_type(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="records", model="auditevent").exists():
        content_types.objects.filter(app_label="audit", model="auditevent").update(
            app_label="records"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("records", "0004_record"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("seq", models.BigIntegerField(editable=False, unique=True)),
                        ("occurred_at", models.DateTimeField(db_index=True)),
                        ("actor_label", models.CharField(blank=True, max_length=254)),
                        ("action", models.CharField(db_index=True, max_length=80)),
                        ("target_type", models.CharField(blank=True, max_length=80)),
                        ("target_id", models.CharField(blank=True, max_length=64)),
                        ("target_label", models.CharField(blank=True, max_length=254)),
                        ("details", models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("prev_hash", models.CharField(editable=False, max_length=64, unique=True)),
                        ("hash", models.CharField(editable=False, max_length=64, unique=True)),
                        ("actor", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-seq"],
                        "db_table": "records_auditevent",
                        "indexes": [
                            models.Index(fields=["target_type", "target_id"], name="records_aud_target__e0e9bd_idx"),
                            models.Index(fields=["actor", "occurred_at"], name="records_aud_actor_i_a635f0_idx"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
