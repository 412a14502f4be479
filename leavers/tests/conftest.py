"""Fixtures of the leaver tests: a fixed day, the people who own checklist items,
and a leaver holding a phone, a laptop, one owned account and access to two more,
with a request of their own open and one waiting on their decision."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts_registry.models import Access
from accounts_registry.tests.factories import AccountFactory
from approvals.models import Request, Step
from approvals.tests.factories import RequestFactory, StepFactory
from devices.models import DeviceKind
from devices.tests.factories import DeviceFactory
from kernel.roles import RoleKey

from .factories import manager_and_report

TODAY = dt.date(2026, 6, 1)
LAST_DAY = dt.date(2026, 6, 19)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today():
    """Every test runs at 10:00 on Monday 1 June 2026 unless it travels elsewhere."""
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def desk(role_holder):
    return role_holder(RoleKey.IT_SERVICE_DESK, full_name="Dee Desk")


@pytest.fixture
def comms(role_holder):
    return role_holder(RoleKey.COMMUNICATIONS, full_name="Charlie Comms")


@pytest.fixture
def line(db):
    """(head, manager, leaver): the leaver reports to the manager, who reports to the head."""
    return manager_and_report(full_name="Lee Leaver")


@pytest.fixture
def leaver(line, desk, comms):
    """The leaver, holding a phone, a laptop, one account they own and access to two more."""
    head, manager, person = line
    person.phone = DeviceFactory(issued=True, holder=person, kind=DeviceKind.PHONE)
    person.laptop = DeviceFactory(issued=True, holder=person, kind=DeviceKind.LAPTOP,
                                  model="ThinkPad")  # fmt: skip
    person.owned = AccountFactory(active=True, owner=person, moderator=comms, handle="@Youth")
    person.reached = [
        AccountFactory(active=True, owner=comms, moderator=person, handle="@Panel"),
        AccountFactory(active=True, owner=comms, moderator=comms, handle="@Events"),
    ]
    Access.objects.create(
        account=person.reached[1], person=person, granted_at=timezone.now(), granted_by=comms
    )
    person.own_request = RequestFactory(requester=person, status=Request.Status.SUBMITTED)
    person.waiting_step = StepFactory(assignee=person, role=None, status=Step.Status.OPEN)
    return person
