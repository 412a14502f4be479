import datetime as dt
import uuid

import pytest

from audit.chain import audit_chain_verify
from audit.models import GENESIS_HASH, AuditEvent
from audit.services import audit_log

pytestmark = pytest.mark.django_db


def test_chains_each_event_to_the_one_before():
    first = audit_log(action="auth.signed_in")
    second = audit_log(action="auth.signed_out")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert AuditEvent.objects.get(pk=second.pk).compute_hash() == second.hash


def test_records_the_target(person):
    event = audit_log(action="staff.changed", target=person)
    assert (event.target_type, event.target_id, event.target_label) == (
        "staff.user",
        str(person.pk),
        str(person),
    )


def test_stores_details_exactly_as_its_hash_covers_them():
    ref = uuid.uuid4()
    event = audit_log(action="staff.changed", details={"on": dt.date(2026, 1, 5), "ref": ref})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.details == {"on": "2026-01-05", "ref": str(ref)}
    assert audit_chain_verify().ok


def test_never_stores_a_secret():
    event = audit_log(
        action="staff.changed",
        details={
            "password": "hunter2-value",
            "new_password1": "another-value",
            "session_key": "abc123",
            "totp_secret": "JBSWY3DPEHPK3PXP",
            "otp": "123456",
            "recovery_codes": ["aaaa-bbbb"],
            "changes": [{"api_key": "k-1", "field": "email"}],
            "password_changed": True,
            "sessions_ended": 2,
            "footprint": "kept",
        },
    )
    stored = AuditEvent.objects.get(pk=event.pk).details
    assert stored == {
        "password": "[hidden]",
        "new_password1": "[hidden]",
        "session_key": "[hidden]",
        "totp_secret": "[hidden]",
        "otp": "[hidden]",
        "recovery_codes": "[hidden]",
        "changes": [{"api_key": "[hidden]", "field": "email"}],
        "password_changed": True,
        "sessions_ended": 2,
        "footprint": "kept",
    }
