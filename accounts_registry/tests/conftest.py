"""Fixtures of the register's tests: a day fixed in time and the people who keep the register."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kernel.roles import RoleKey

from .factories import name_accounts_authority

LONDON = ZoneInfo("Europe/London")
# The day every test starts on unless it travels elsewhere: Monday 1 June 2026.
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def comms(role_holder):
    """A member of the communications team, with a second factor."""
    return role_holder(RoleKey.COMMUNICATIONS, full_name="Charlie Comms")


@pytest.fixture
def authority(role_holder):
    """The accounts authority: the chief executive, as the authority matrix names it."""
    name_accounts_authority(RoleKey.CHIEF_EXECUTIVE)
    return role_holder(RoleKey.CHIEF_EXECUTIVE, full_name="Casey Chief")
