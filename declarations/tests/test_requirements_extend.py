"""An administrator gives one person more time, for a recorded reason."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from declarations.models import Requirement
from declarations.services import requirement_extend
from declarations.tests.factories import RequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_2_march_2026():
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        yield


@pytest.fixture
def requirement(person):
    return RequirementFactory(user=person, due_date=dt.date(2026, 3, 10))


def test_extends_the_due_date_and_records_why(requirement, admin_user):
    requirement_extend(
        requirement=requirement,
        actor=admin_user,
        until=dt.date(2026, 4, 7),
        reason="  On maternity leave until April.  ",
    )
    requirement.refresh_from_db()
    assert requirement.due_date == dt.date(2026, 3, 10)
    assert requirement.effective_due_date == dt.date(2026, 4, 7)
    assert requirement.extension_reason == "On maternity leave until April."
    assert requirement.extended_by == admin_user
    event = AuditEvent.objects.get(action="declaration.extended")
    assert event.actor == admin_user
    assert event.target_id == str(requirement.pk)
    assert event.details["extended_to"] == "2026-04-07"
    assert event.details["previous_due_date"] == "2026-03-10"
    assert event.details["reason"] == "On maternity leave until April."


def test_extending_again_records_the_change_and_the_same_extension_twice_records_once(
    requirement, admin_user
):
    for until in (dt.date(2026, 4, 7), dt.date(2026, 4, 7), dt.date(2026, 4, 21)):
        requirement_extend(requirement=requirement, actor=admin_user, until=until, reason="Away")
    events = AuditEvent.objects.filter(action="declaration.extended").order_by("seq")
    assert [e.details["extended_to"] for e in events] == ["2026-04-07", "2026-04-21"]
    assert events[1].details["previous_due_date"] == "2026-04-07"


@pytest.mark.parametrize(
    ("until", "reason", "field", "message"),
    [
        (dt.date(2026, 3, 10), "Away", "until", "Choose a date after the due date, 10 March 2026."),
        (dt.date(2026, 4, 7), "   ", "reason", "Say why this person needs more time."),
    ],
)
def test_refuses_a_date_not_after_the_due_date_or_no_reason(
    requirement, admin_user, until, reason, field, message
):
    with pytest.raises(ValidationError) as refused:
        requirement_extend(requirement=requirement, actor=admin_user, until=until, reason=reason)
    assert refused.value.message_dict == {field: [message]}
    requirement.refresh_from_db()
    assert requirement.extended_to is None
    assert not AuditEvent.objects.filter(action="declaration.extended").exists()


def test_refuses_a_date_that_has_passed(admin_user, person):
    overdue = RequirementFactory(user=person, due_date=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="has not passed"):
        requirement_extend(
            requirement=overdue, actor=admin_user, until=dt.date(2026, 3, 1), reason="Away"
        )


def test_nobody_extends_their_own_declaration(admin_user):
    own = RequirementFactory(user=admin_user, due_date=dt.date(2026, 3, 10))
    with pytest.raises(ValidationError, match="cannot give yourself more time"):
        requirement_extend(
            requirement=own, actor=admin_user, until=dt.date(2026, 4, 7), reason="Busy"
        )


@pytest.mark.parametrize("status", [Requirement.Status.SIGNED, Requirement.Status.LAPSED])
def test_only_a_declaration_still_due_can_be_extended(requirement, admin_user, status):
    requirement.status = status
    requirement.save()
    with pytest.raises(ValidationError, match="only a declaration still due"):
        requirement_extend(
            requirement=requirement, actor=admin_user, until=dt.date(2026, 4, 7), reason="Away"
        )
