"""Changing the audit table behind the portal's back, as an attacker with database access would."""

from django.db import connection, transaction


def tamper(sql: str, params=None) -> None:
    """Run ``sql`` against the audit table, getting past PostgreSQL's append-only trigger.

    ``session_replication_role = replica`` stops ordinary triggers firing for this
    transaction only (it needs a superuser, as real tampering would).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")
