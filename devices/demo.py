"""Devices for the demonstration organisation, beyond the phones of the declarations demo.

A laptop for each member of staff (volunteers and board members use their own
equipment), three laptops in stock, and two pool laptops shared by named people: the
victims' services team's hot-desk laptop and the communications team's events laptop.
They are recorded as an inventory import of what is already true, like an IT service
desk moving to the portal would; the people on the pool laptops are then named through
the same service the desk uses.

``devices_demo_seed`` adds only what is missing: running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from staff.demo import COMMS, VICTIMS
from staff.models import StaffType, Team, User

from .models import Device, DeviceKind
from .services import devices_import, pool_user_add

NO_LAPTOP = (StaffType.VOLUNTEER, StaffType.BOARD_MEMBER)
IN_STOCK = 3
POOLS = {
    "OPCC-POOL-01": (VICTIMS, ["Megan Lloyd", "Samuel Thornton", "Anita Sharma"]),
    "OPCC-POOL-02": (COMMS, ["Chloe Barnes", "Fiona Gallagher"]),
}


@dataclass
class _Row:
    line: int
    values: dict


@dataclass
class DevicesSeedReport:
    laptops: int = 0
    pool_users: int = 0


@transaction.atomic
def devices_demo_seed() -> DevicesSeedReport:
    """The demo laptops and pool laptops not yet on the register."""
    report = DevicesSeedReport()
    known = {tag.lower() for tag in Device.objects.values_list("asset_tag", flat=True)}
    rows = [row for row in _rows() if row.values["asset_tag"].lower() not in known]
    if rows:
        report.laptops = devices_import(rows=rows, actor=None)
    for tag, (_team, names) in POOLS.items():
        device = Device.objects.filter(asset_tag=tag).first()
        if device is None:
            continue
        named = set(device.pool_users.current().values_list("person__full_name", flat=True))
        for person in User.objects.current().filter(full_name__in=set(names) - named):
            pool_user_add(device=device, person=person, actor=None)
            report.pool_users += 1
    return report


def _rows() -> list[_Row]:
    people = User.objects.current().exclude(staff_type__in=NO_LAPTOP).order_by("full_name")
    rows = [
        _laptop(n, holder=person, issued_on=person.start_date or dt.date(2024, 1, 8))
        for n, person in enumerate(people, start=1)
    ]
    rows += [_laptop(len(rows) + n) for n in range(1, IN_STOCK + 1)]
    teams = {
        team.name: team for team in Team.objects.filter(name__in=[t for t, _ in POOLS.values()])
    }
    for tag, (team, _names) in POOLS.items():
        if team in teams:
            row = _laptop(len(rows) + 1, pool_team=teams[team], issued_on=dt.date(2025, 9, 1))
            row.values["asset_tag"] = tag
            rows.append(row)
    return rows


def _laptop(n: int, **values) -> _Row:
    fields = {
        "asset_tag": f"OPCC-LAP-{n:03d}",
        "kind": DeviceKind.LAPTOP,
        "model": "Latitude 5440",
        "serial": f"5CG4{n:06d}",
        **values,
    }
    return _Row(n, fields)
