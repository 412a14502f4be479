"""The move from "marked as holding an issued device" to the device register
(migration ``declarations.0004_device_kinds``) leaves the compliance figures as they were.

The demo organisation is built, its figures taken; the database is taken back to
before the register was read (the phones become marks again and the register is
emptied, as it was), then forward: each mark becomes a phone to complete, and the
figures are the same.
"""

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from declarations.compliance import ComplianceFilters, compliance_outstanding, compliance_summary
from declarations.demo import DEVICE, declarations_demo_seed
from declarations.models import DeclarationKind
from devices.models import Device
from kernel.roles import RoleKey
from staff.demo import demo_seed
from staff.models import User
from staff.tests.factories import TEST_PASSWORD

BEFORE = [("declarations", "0003_requirement_held")]
DEVICES = ("devices", "0001_initial")
LONDON = ZoneInfo("Europe/London")


def _figures() -> dict:
    chief = User.objects.get(role_assignments__role__key=RoleKey.CHIEF_EXECUTIVE)
    summary = compliance_summary(viewer=chief, filters=ComplianceFilters())
    tallies = [summary.overall, *summary.by_kind, *summary.by_team, *summary.by_staff_type]
    outstanding = compliance_outstanding(viewer=chief, filters=ComplianceFilters())
    return {
        "tallies": [dataclasses.asdict(tally) for tally in tallies],
        "outstanding": sorted(outstanding.values_list("user__email", "kind__key", "due_date")),
    }


def _holdings() -> list:
    return sorted(Device.objects.values_list("holder__email", "issued_on"))


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_compliance_figures_are_the_same_after_the_marks_become_devices():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON), tick=False):
        demo_seed(password=TEST_PASSWORD)
        declarations_demo_seed()
        before, holdings = _figures(), _holdings()

        _migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state([*BEFORE, DEVICES]).apps
        assert old.get_model("declarations", "DeviceHolding").objects.count() == len(holdings)
        old.get_model("devices", "DeviceEvent").objects.all().delete()
        old.get_model("devices", "Device").objects.all().delete()
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        assert _figures() == before
        assert _holdings() == holdings
        assert set(Device.objects.values_list("kind", "status", "to_complete")) == {
            ("phone", "issued", True)
        }
        assert Device.objects.filter(asset_tag__startswith="UNRECORDED-").count() == len(holdings)
        assert DeclarationKind.objects.get(key=DEVICE).device_kinds_held == ["phone", "tablet"]
