"""A report is told to everyone at once; each acknowledges; then it is complete."""

import pytest
from django.core.exceptions import ValidationError

from approvals import services
from approvals.models import Request, Step
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import lost_device_data, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost(west_midlands, holders, requester):
    return submit("report_lost_device", requester, lost_device_data())


def test_the_service_desk_and_the_communications_team_are_told_at_once(lost, holders):
    steps = list(lost.steps.order_by("order"))
    assert [(s.action, s.role.key, s.status) for s in steps] == [
        (Step.Action.NOTIFY, RoleKey.IT_SERVICE_DESK, Step.Status.OPEN),
        (Step.Action.NOTIFY, RoleKey.COMMUNICATIONS, Step.Status.OPEN),
    ]
    told = Notification.objects.filter(kind="request_step_opened")
    assert {n.recipient for n in told} == {
        holders[RoleKey.IT_SERVICE_DESK],
        holders[RoleKey.COMMUNICATIONS],
    }


def test_the_report_is_complete_when_everyone_has_acknowledged(lost, holders, requester):
    desk, comms = lost.steps.order_by("order")
    services.step_acknowledge(step=desk, actor=holders[RoleKey.IT_SERVICE_DESK], note="Wiped.")
    lost.refresh_from_db()
    assert lost.status == Request.Status.SUBMITTED
    assert lost.record is None
    services.step_acknowledge(step=comms, actor=holders[RoleKey.COMMUNICATIONS])
    lost.refresh_from_db()
    assert lost.status == Request.Status.COMPLETED
    assert lost.closed_at is not None
    assert lost.record.kind == "decision"
    assert lost.record.evidence["request"]["outcome"] == "Completed"
    assert AuditEvent.objects.filter(action="request.completed").count() == 1
    assert Notification.objects.filter(recipient=requester, kind="request_decided").count() == 1


def test_a_report_is_acknowledged_not_approved_or_refused(lost, holders):
    desk = lost.steps.get(order=1)
    actor = holders[RoleKey.IT_SERVICE_DESK]
    with pytest.raises(ValidationError, match="cannot be answered that way"):
        services.step_approve(step=desk, actor=actor)
    with pytest.raises(ValidationError, match="cannot be answered that way"):
        services.step_refuse(step=desk, actor=actor, reason="Not ours.")


def test_each_role_acknowledges_only_its_own_step(lost, holders):
    comms = lost.steps.get(order=2)
    with pytest.raises(ValidationError, match="You cannot act on this step"):
        services.step_acknowledge(step=comms, actor=holders[RoleKey.IT_SERVICE_DESK])
