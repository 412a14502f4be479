"""A delegate decides for a decision maker while they are away, and the record says so."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from approvals import services
from approvals.models import Request
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory, enable_totp

from .factories import TODAY, DelegationFactory, open_step, submit

pytestmark = pytest.mark.django_db

SOFTWARE = {
    "software": "Audacity 3.6",
    "source": "https://www.audacityteam.org",
    "reason": "Editing the youth panel's podcast recordings.",
    "device": "Laptop WM-L-0042",
}


@pytest.fixture
def deputy(db):
    deputy = UserFactory(full_name="Dana Deputy")
    enable_totp(deputy)
    return deputy


@pytest.fixture
def request_(west_midlands, holders, requester):
    return submit("software_permission", requester, SOFTWARE)


def test_a_delegate_approves_on_behalf_of_the_chief_executive(request_, holders, deputy):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    services.delegation_create(
        person=chief,
        delegate=deputy,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=7),
        reason="Annual leave",
        actor=chief,
    )
    step = open_step(request_)
    assert services.acting_for(deputy, step, request_) == (True, chief)
    services.step_approve(step=step, actor=deputy, note="Approved while Casey is away.")
    step.refresh_from_db()
    assert (step.decided_by, step.on_behalf_of) == (deputy, chief)
    request_.refresh_from_db()
    assert request_.status == Request.Status.APPROVED
    evidence = request_.record.evidence["steps"][0]
    assert (evidence["decided_by"], evidence["on_behalf_of"]) == ("Dana Deputy", "Casey Chief")


def test_a_delegate_cannot_act_before_the_dates(request_, holders, deputy):
    DelegationFactory(
        person=holders[RoleKey.CHIEF_EXECUTIVE],
        delegate=deputy,
        starts_on=TODAY + dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="You cannot act on this step"):
        services.step_approve(step=open_step(request_), actor=deputy)


def test_a_delegate_cannot_act_after_the_dates(request_, holders, deputy):
    DelegationFactory(
        person=holders[RoleKey.CHIEF_EXECUTIVE],
        delegate=deputy,
        starts_on=TODAY - dt.timedelta(days=10),
        ends_on=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="You cannot act on this step"):
        services.step_approve(step=open_step(request_), actor=deputy)


def test_a_cancelled_delegation_gives_no_authority(request_, holders, deputy):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    delegation = DelegationFactory(person=chief, delegate=deputy)
    services.delegation_cancel(delegation=delegation, actor=chief)
    with pytest.raises(ValidationError, match="You cannot act on this step"):
        services.step_approve(step=open_step(request_), actor=deputy)


def test_a_delegate_never_decides_their_own_request(west_midlands, holders):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    deputy = holders[RoleKey.COMMUNICATIONS]
    DelegationFactory(person=chief, delegate=deputy)
    request = submit("software_permission", deputy, SOFTWARE)
    with pytest.raises(ValidationError, match="You cannot act on this step"):
        services.step_approve(step=open_step(request), actor=deputy)


def test_delegation_dates_must_make_sense(holders, deputy):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    with pytest.raises(ValidationError, match="The last day must be on or after the first."):
        services.delegation_create(
            person=chief,
            delegate=deputy,
            starts_on=TODAY,
            ends_on=TODAY - dt.timedelta(days=1),
            actor=chief,
        )
    with pytest.raises(ValidationError, match="You cannot be your own delegate."):
        services.delegation_create(
            person=chief, delegate=chief, starts_on=TODAY, ends_on=TODAY, actor=chief
        )
