"""Nobody decides a request they raised or that affects them; when that leaves nobody
holding a step's role, the organisation's fallback decides."""

import pytest
from django.core.exceptions import ValidationError

from approvals import services
from approvals.models import Step
from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.models import Role
from staff.services import organisation_settings_update

from .factories import mailbox_data, open_step, submit

pytestmark = pytest.mark.django_db

SOFTWARE = {
    "software": "Audacity 3.6",
    "source": "https://www.audacityteam.org",
    "reason": "Editing the youth panel's podcast recordings.",
    "device": "Laptop WM-L-0042",
}


@pytest.fixture
def second_chief(role_holder):
    return role_holder(RoleKey.CHIEF_EXECUTIVE, full_name="Cameron Chief")


def test_the_requester_cannot_approve_their_own_request(west_midlands, holders, second_chief):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    request = submit("software_permission", chief, SOFTWARE)
    step = open_step(request)
    assert step.fallback is False
    with pytest.raises(ValidationError, match="You cannot act on this step of the request."):
        services.step_approve(step=step, actor=chief)
    services.step_approve(step=step, actor=second_chief)
    step.refresh_from_db()
    assert step.decided_by == second_chief


def test_the_mailbox_holder_cannot_approve_access_to_their_own_mailbox(
    west_midlands, holders, second_chief, requester, person
):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    request = submit("mailbox_access", requester, mailbox_data(chief, person))
    assert request.affected == chief
    step = open_step(request)
    with pytest.raises(ValidationError, match="You cannot act on this step of the request."):
        services.step_approve(step=step, actor=chief)
    with pytest.raises(ValidationError):
        services.step_refuse(step=step, actor=chief, reason="No.")
    services.step_approve(step=step, actor=second_chief)


def test_when_every_holder_is_excluded_the_step_goes_to_the_fallback(west_midlands, holders):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    request = submit("software_permission", chief, SOFTWARE)
    step = open_step(request)
    # The chief executive is the fallback too, so the monitoring officer decides.
    assert step.fallback is True
    assert step.role.key == RoleKey.MONITORING_OFFICER
    assert services.step_people(step, request) == [holders[RoleKey.MONITORING_OFFICER]]
    assert AuditEvent.objects.filter(
        action="request.step_fallback", details__to=RoleKey.MONITORING_OFFICER
    ).exists()
    services.step_approve(step=step, actor=holders[RoleKey.MONITORING_OFFICER])
    step.refresh_from_db()
    assert step.status == Step.Status.APPROVED


def test_the_organisations_fallback_role_comes_first(west_midlands, holders):
    organisation_settings_update(actor=None, fallback_role=Role.objects.get(key=RoleKey.SIRO))
    request = submit("software_permission", holders[RoleKey.CHIEF_EXECUTIVE], SOFTWARE)
    step = open_step(request)
    assert step.fallback is True
    assert step.role.key == RoleKey.SIRO


def test_without_a_fallback_role_the_chief_executive_takes_an_excluded_step(
    west_midlands, holders, requester
):
    organisation_settings_update(actor=None, fallback_role=None)
    infosec = holders[RoleKey.INFORMATION_SECURITY]
    data = {
        "full_name": "Jordan Consultant",
        "organisation": "Northgate Research Ltd",
        "reason": "Evaluating the victims' service contract.",
        "starts_on": "2026-06-08",
        "ends_on": "2026-09-30",
    }
    step = open_step(submit("email_external", infosec, data))
    assert step.fallback is True
    assert step.role.key == RoleKey.CHIEF_EXECUTIVE


def test_when_the_only_chief_executive_asks_the_monitoring_officer_decides(
    west_midlands, role_holder
):
    organisation_settings_update(actor=None, fallback_role=None)
    only_chief = role_holder(RoleKey.CHIEF_EXECUTIVE)
    monitoring = role_holder(RoleKey.MONITORING_OFFICER)
    request = submit("software_permission", only_chief, SOFTWARE)
    step = open_step(request)
    assert step.role.key == RoleKey.MONITORING_OFFICER
    services.step_approve(step=step, actor=monitoring)


def test_a_line_manager_step_goes_to_the_fallback_when_the_manager_is_affected(
    west_midlands, holders, requester
):
    data = {
        "recipient": requester.line_manager.email,
        "sent_on": "2026-06-01",
        "subject": "Budget",
        "reason": "Wrong person.",
    }
    step = open_step(submit("email_delete", requester, data))
    assert step.fallback is True
    assert (step.assignee, step.role.key) == (None, RoleKey.CHIEF_EXECUTIVE)


def test_a_requester_without_a_line_manager_goes_to_the_fallback(west_midlands, holders, person):
    data = {
        "recipient": holders[RoleKey.IT_SERVICE_DESK].email,
        "sent_on": "2026-06-01",
        "subject": "Budget",
        "reason": "Wrong person.",
    }
    step = open_step(submit("email_delete", person, data))
    assert step.fallback is True
    assert step.role.key == RoleKey.CHIEF_EXECUTIVE


def test_a_role_holder_without_a_second_factor_cannot_decide(west_midlands, role_holder, requester):
    chief = role_holder(RoleKey.CHIEF_EXECUTIVE, mfa=False)
    step = open_step(submit("software_permission", requester, SOFTWARE))
    with pytest.raises(ValidationError, match="You cannot act on this step"):
        services.step_approve(step=step, actor=chief)
