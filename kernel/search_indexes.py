"""Trigram indexes for the searches that match any part of a name or title.

The lists' search boxes match text anywhere in a column (``icontains``, which
Django writes as ``UPPER(column) LIKE '%TEXT%'``). Without help, PostgreSQL reads
every row to answer that; a GIN index of trigrams on ``UPPER(column)`` (the
``pg_trgm`` extension, which ships with PostgreSQL) finds the rows from the index.

``trigram_index`` is a migration operation. It does nothing on SQLite, whose
embedded databases are small. Creating the extension needs the right to: a
database owner has it on PostgreSQL 13 and later. Where it is refused, the
migration says so and carries on without the index, as the searches give the same
answers without it, only more slowly.
"""

from __future__ import annotations

from django.db import DatabaseError, migrations, transaction


def trigram_index(*, table: str, column: str, name: str) -> migrations.RunPython:
    """The operation that adds (and on the way back removes) a trigram index on
    ``UPPER(column)`` of ``table``, on PostgreSQL only."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:
            print(f"\n  No trigram index {name}: the pg_trgm extension is not available ({error}).")
            return
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin (UPPER({quote(column)}) gin_trgm_ops)"
        )

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(create, remove, elidable=False)
