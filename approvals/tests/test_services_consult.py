"""Consult, then decide (a device abroad in the West Midlands): advice is recorded and
cannot refuse; a request inside the notice period is flagged late with its reason."""

import pytest
from django.core.exceptions import ValidationError

from approvals import services
from approvals.models import Request, Step
from kernel.roles import RoleKey
from staff.selectors import organisation_settings

from .factories import day, device_abroad_data, open_step, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(west_midlands, holders, requester):
    return submit("device_abroad", requester, device_abroad_data())


def test_information_security_is_consulted_before_the_decision(trip, holders):
    consult = open_step(trip)
    assert (consult.action, consult.role.key) == (Step.Action.CONSULT, RoleKey.INFORMATION_SECURITY)
    assert trip.steps.get(order=2).status == Step.Status.WAITING


def test_advice_is_recorded_and_the_decision_opens(trip, holders):
    consult = open_step(trip)
    infosec = holders[RoleKey.INFORMATION_SECURITY]
    services.step_advise(step=consult, actor=infosec, advice="  Take the loan phone instead.  ")
    consult.refresh_from_db()
    assert consult.status == Step.Status.ADVISED
    assert consult.note == "Take the loan phone instead."
    assert consult.decided_by == infosec
    decide = open_step(trip)
    assert (decide.action, decide.role.key) == (Step.Action.DECIDE, RoleKey.CHIEF_EXECUTIVE)
    services.step_approve(step=decide, actor=holders[RoleKey.CHIEF_EXECUTIVE])
    trip.refresh_from_db()
    assert trip.status == Request.Status.APPROVED
    advice = trip.record.evidence["steps"][0]
    assert (advice["status"], advice["note"], advice["clause"]) == (
        "Advice given",
        "Take the loan phone instead.",
        "000 §54",
    )


def test_a_consulted_role_cannot_refuse_or_approve(trip, holders):
    consult = open_step(trip)
    infosec = holders[RoleKey.INFORMATION_SECURITY]
    with pytest.raises(ValidationError, match="This step cannot be answered that way."):
        services.step_refuse(step=consult, actor=infosec, reason="Too risky.")
    with pytest.raises(ValidationError, match="This step cannot be answered that way."):
        services.step_approve(step=consult, actor=infosec)
    consult.refresh_from_db()
    assert consult.status == Step.Status.OPEN


def test_advice_cannot_be_empty(trip, holders):
    with pytest.raises(ValidationError, match="Write the advice"):
        services.step_advise(
            step=open_step(trip), actor=holders[RoleKey.INFORMATION_SECURITY], advice="  "
        )


def test_the_decision_maker_cannot_skip_the_consultation(trip, holders):
    with pytest.raises(ValidationError):
        services.step_advise(
            step=open_step(trip), actor=holders[RoleKey.CHIEF_EXECUTIVE], advice="Fine by me."
        )


def test_a_request_inside_the_notice_period_is_flagged_late_with_its_reason(
    west_midlands, holders, requester
):
    assert organisation_settings().device_abroad_notice_days == 7
    data = device_abroad_data(departs_on=day(3), returns_on=day(5), late_reason="Sudden summit.")
    request = submit("device_abroad", requester, data)
    assert request.late is True
    assert request.answers["late_reason"] == "Sudden summit."


def test_seven_days_notice_is_not_late(west_midlands, holders, requester):
    data = device_abroad_data(departs_on=day(7), returns_on=day(9))
    assert submit("device_abroad", requester, data).late is False
