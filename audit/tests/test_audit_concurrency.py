"""Twenty people acting at once still produce one unbroken chain (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from audit.chain import audit_chain_verify
from audit.models import AuditEvent
from audit.services import audit_log

WRITERS = 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_extend_one_unbroken_chain():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows one writer at a time, so there is no race to test")
    start = threading.Barrier(WRITERS, timeout=30)
    errors = []

    def write(n):
        try:
            start.wait()
            audit_log(action="staff.changed", details={"writer": n})
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, WRITERS + 1))
    assert sorted(e.details["writer"] for e in events) == list(range(WRITERS))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    report = audit_chain_verify()
    assert report.ok
    assert report.checked == WRITERS
