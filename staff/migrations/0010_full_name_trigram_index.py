from django.db import migrations

from kernel.search_indexes import trigram_index


class Migration(migrations.Migration):
    """Searching staff by any part of their name reads an index on PostgreSQL."""

    dependencies = [("staff", "0009_organisation_device_staff_types")]

    operations = [trigram_index(table="staff_user", column="full_name", name="staff_user_name_trgm")]
