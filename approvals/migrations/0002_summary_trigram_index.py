from django.db import migrations

from kernel.search_indexes import trigram_index


class Migration(migrations.Migration):
    """Searching requests by any part of their title reads an index on PostgreSQL."""

    dependencies = [("approvals", "0001_initial")]

    operations = [
        trigram_index(table="approvals_request", column="summary", name="request_summary_trgm")
    ]
