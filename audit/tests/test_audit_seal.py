"""Someone who can write to the database but lacks the key cannot rebuild the chain unseen."""

import json

import pytest

from audit.chain import audit_chain_verify
from audit.models import AuditEvent
from audit.seal import seal_for
from audit.services import audit_log
from audit.tests.audit_tampering import tamper

pytestmark = pytest.mark.django_db


def rebuild_chain_after_changing(event: AuditEvent, details: dict) -> None:
    """Change one event and recompute every hash from it on, as a database writer could."""
    later = list(AuditEvent.objects.filter(seq__gte=event.seq).order_by("seq"))
    later[0].details = details
    previous = later[0].prev_hash
    for each in later:
        each.prev_hash = previous
        each.hash = each.compute_hash()
        tamper(
            "UPDATE audit_auditevent SET details = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(each.details), each.prev_hash, each.hash, each.pk],
        )
        previous = each.hash


@pytest.fixture
def events():
    return [
        audit_log(action="staff.changed", details={"job_title": f"Officer {n}"})
        for n in range(1, 5)
    ]


def test_each_event_is_sealed_with_the_key(events, settings):
    assert all(event.seal == seal_for(event.hash) for event in events)
    settings.AUDIT_CHAIN_KEY = "another key"
    assert events[0].seal != seal_for(events[0].hash)


def test_an_intact_sealed_chain_verifies(events):
    report = audit_chain_verify()
    assert report.ok and report.checked == 4


def test_a_chain_rebuilt_without_the_key_is_caught(events):
    rebuild_chain_after_changing(events[1], {"job_title": "Chief Constable"})
    report = audit_chain_verify()
    assert not report.ok
    assert report.broken_seq == events[1].seq
    assert "seal does not match" in report.reason


def test_a_seal_removed_after_sealing_began_is_caught(events):
    tamper("UPDATE audit_auditevent SET seal = '' WHERE id = %s", [events[2].pk])
    report = audit_chain_verify()
    assert report.broken_seq == events[2].seq
    assert "not sealed" in report.reason


def test_events_from_before_sealing_began_still_verify(settings):
    settings.AUDIT_CHAIN_KEY = ""
    audit_log(action="staff.changed")
    settings.AUDIT_CHAIN_KEY = "the organisation's key"
    audit_log(action="staff.changed")
    assert [e.seal == "" for e in AuditEvent.objects.order_by("seq")] == [True, False]
    assert audit_chain_verify().ok
