"""Fixtures of the requests tests: a day fixed in time, an authority matrix loaded
from a preset, someone holding every role, and a requester with a line manager."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kernel.roles import RoleKey
from staff.authority_presets import PRESETS
from staff.services import authority_matrix_load

from .factories import SOFTWARE, TODAY, submit

LONDON = ZoneInfo("Europe/London")

# The roles that take steps or own tasks, and who holds each in the tests.
DECIDING_ROLES = {
    RoleKey.CHIEF_EXECUTIVE: "Casey Chief",
    RoleKey.MONITORING_OFFICER: "Morgan Monitoring",
    RoleKey.SIRO: "Sam Risk-Owner",
    RoleKey.COMMUNICATIONS: "Charlie Comms",
    RoleKey.INFORMATION_SECURITY: "Ina Security",
    RoleKey.IT_SERVICE_DESK: "Dee Desk",
}


@pytest.fixture(autouse=True)
def _today():
    """Every test runs at 10:00 on Monday 1 June 2026 unless it travels elsewhere."""
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def load_preset(db):
    """Factory: load one of the shipped presets (``west-midlands-opcc``, ``essex-pfcc``,
    ``durham``) as the authority matrix and organisation settings."""

    def load(name: str):
        authority_matrix_load(preset=PRESETS[name], actor=None, name=name)
        return PRESETS[name]

    return load


@pytest.fixture
def west_midlands(load_preset):
    return load_preset("west-midlands-opcc")


@pytest.fixture
def essex(load_preset):
    return load_preset("essex-pfcc")


@pytest.fixture
def durham(load_preset):
    return load_preset("durham")


@pytest.fixture
def holders(role_holder):
    """One person (with a second factor) holding each role that decides or does work,
    by role key."""
    return {
        key: role_holder(key, full_name=name, email=f"{key.replace('_', '.')}@opcc.example.org")
        for key, name in DECIDING_ROLES.items()
    }


@pytest.fixture
def requester(manager):
    """A member of staff with a line manager (``requester.line_manager``)."""
    return manager.report


@pytest.fixture
def software(west_midlands, holders, requester):
    """A software permission request, sent and waiting on its decision maker."""
    return submit("software_permission", requester, SOFTWARE)
