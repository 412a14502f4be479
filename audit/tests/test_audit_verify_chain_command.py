"""``manage.py verify_audit_chain`` on an intact, a changed and a shortened trail."""

import io

import pytest
from django.core.management import call_command

from audit.services import audit_log
from audit.tests.audit_tampering import tamper

pytestmark = pytest.mark.django_db


def verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_chain", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def events():
    return [
        audit_log(action="staff.changed", details={"job_title": f"Officer {n}"})
        for n in range(1, 6)
    ]


def test_an_intact_chain_passes(events):
    code, out, err = verify()
    assert code == 0
    assert out.strip() == "Audit trail intact: 5 events checked"
    assert err == ""


def test_an_empty_trail_passes():
    assert verify()[:2] == (0, "Audit trail intact: 0 events checked\n")


def test_changed_details_fail_and_name_the_event(events):
    changed = events[2]
    tamper(
        "UPDATE audit_auditevent SET details = %s WHERE id = %s",
        ['{"job_title": "Chief Executive"}', changed.pk],
    )
    code, out, err = verify()
    assert code == 1
    assert out == ""
    assert f"at event seq {changed.seq} (id {changed.pk}, " in err
    assert changed.occurred_at.isoformat(timespec="seconds") in err
    assert "staff.changed): its content does not match its hash" in err
    assert "The 2 events before it are intact." in err


def test_a_rewritten_hash_breaks_the_next_link(events):
    tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["f" * 64, events[1].pk])
    code, _, err = verify()
    assert code == 1
    assert f"at event seq {events[1].seq} " in err
    assert "its content does not match its hash" in err


def test_a_deleted_event_is_reported_missing(events):
    removed = events[1]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [removed.pk])
    code, _, err = verify()
    assert code == 1
    assert f"event #{removed.seq} is missing" in err
    assert f"before event seq {events[2].seq} (id {events[2].pk}," in err


def test_several_deleted_events_are_reported_as_a_gap(events):
    tamper("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[1].pk, events[2].pk])
    _, _, err = verify()
    assert f"events #{events[1].seq} to #{events[2].seq} are missing" in err


def test_a_deleted_first_event_is_reported_missing(events):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
    code, _, err = verify()
    assert code == 1
    assert "event #1 is missing" in err
