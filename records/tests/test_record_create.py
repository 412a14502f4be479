import threading

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from audit.models import AuditEvent
from records.models import Record
from records.services import record_create
from records.tasks import produce_record
from staff.models import Team
from staff.tests.factories import UserFactory

from .record_samples import sample_evidence


def _create(subject, kind="test", **kwargs):
    kwargs.setdefault("obj", None)
    kwargs.setdefault("evidence", sample_evidence(subject))
    return record_create(kind=kind, subject=subject, **kwargs)


@time_machine.travel("2026-05-01 10:00Z", tick=False)
def test_numbers_each_kind_per_year(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        first = _create(person)
        second = _create(person)
        declaration = _create(person, kind="declaration")
        decision = _create(person, kind="decision")
        leaver = _create(person, kind="leaver")
    assert [first.reference, second.reference] == ["TST-2026-000001", "TST-2026-000002"]
    assert declaration.reference == "DEC-2026-000001"
    assert decision.reference == "DCN-2026-000001"
    assert leaver.reference == "LVR-2026-000001"


def test_starts_again_at_one_in_a_new_year(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        with time_machine.travel("2026-12-31 23:30Z", tick=False):
            last_of_2026 = _create(person)
        # 00:30 on 1 January in London.
        with time_machine.travel("2027-01-01 00:30Z", tick=False):
            first_of_2027 = _create(person)
    assert last_of_2026.reference == "TST-2026-000001"
    assert first_of_2027.reference == "TST-2027-000001"


def test_a_rolled_back_record_leaves_no_gap(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        first = _create(person)
    with pytest.raises(RuntimeError), transaction.atomic():
        _create(person)
        raise RuntimeError("the declaration failed after its record was made")
    with django_capture_on_commit_callbacks():
        after = _create(person)
    assert (first.number, after.number) == (1, 2)
    assert Record.objects.count() == 2


def test_creates_a_pending_record_of_the_object_with_its_evidence(
    person, admin_user, django_capture_on_commit_callbacks
):
    team = Team.objects.create(name="Corporate communications")
    with django_capture_on_commit_callbacks() as callbacks:
        record = _create(
            person, obj=team, actor=admin_user, title="Annual policy declaration 2026"
        )
    record.refresh_from_db()
    assert record.status == Record.Status.PENDING
    assert record.subject == person
    assert record.obj == team
    assert record.content_type == ContentType.objects.get_for_model(Team)
    assert record.title == "Annual policy declaration 2026"
    assert record.created_by == admin_user
    # Dates are kept the way the PDF and its attachment carry them.
    assert record.evidence["signed_at"] == "2026-03-04T09:03:22Z"
    assert record.sha256 == "" and not record.file
    assert len(callbacks) == 1
    event = AuditEvent.objects.get(action="record.created")
    assert event.target_id == str(record.pk) and event.actor == admin_user


def test_queues_nothing_until_the_transaction_commits(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = _create(person)
    assert len(callbacks) == 1
    record.refresh_from_db()
    assert record.status == Record.Status.PENDING


def test_refuses_an_unknown_kind(person):
    with pytest.raises(ValueError, match="Unknown kind"):
        _create(person, kind="memo")


def test_refuses_evidence_that_is_not_data(person):
    with pytest.raises(TypeError):
        _create(person, evidence={"file": object()})
    assert not Record.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_records_made_at_once_get_numbers_without_gaps_or_duplicates(monkeypatch):
    # Only the numbering is under test here: note what would be queued, render nothing.
    queued = []
    monkeypatch.setattr(produce_record, "delay", queued.append)
    subject = UserFactory()
    creators = 8 if connection.vendor == "postgresql" else 4
    start = threading.Barrier(creators)
    errors = []

    def create():
        try:
            start.wait()
            with transaction.atomic():
                _create(subject, evidence={"typed_name": "x"})
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(creators)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Record.objects.values_list("number", flat=True))
    assert numbers == list(range(1, creators + 1))
    assert sorted(queued) == sorted(Record.objects.values_list("pk", flat=True))
