"""Devices and leaver cases the size of a large force's, for pages_bench.py.

``build_devices`` tops the register up to DEVICES devices: a laptop for most staff,
tablets and tokens for some, a few in stock and two pool devices with named users,
each with the event that put it where it is (the phones the mobile-device declaration
is about are made with the declarations' history). ``build_leaver_cases`` starts
LEAVER_CASES open cases, as ``leavers.services.case_open`` would leave them: the IT
service desk's task to disable the accounts, one for each device the person holds and
the manager's for the mailbox, a third of them done.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from approvals.models import Task
from devices.models import Device, DeviceEvent, DeviceKind, PoolUser
from leavers.models import CaseItem, LeaverCase
from staff.models import Role

DEVICES = 12_000
LEAVER_CASES = 300
BATCH = 5000
KINDS = [DeviceKind.LAPTOP] * 14 + [DeviceKind.TABLET] * 3 + [DeviceKind.TOKEN] * 2


def build_devices(people, desk, rng, today: dt.date, count: int = DEVICES) -> None:
    """Devices up to ``count`` in all, issued to ``people`` (current staff) by ``desk``."""
    now = timezone.now()
    missing = count - Device.objects.count()
    in_stock = missing // 40
    devices = [
        Device(
            kind=KINDS[n % len(KINDS)],
            asset_tag=f"BENCH-D{n:05d}",
            serial=f"SN{n:08d}",
            model="Standard build",
            status=Device.Status.IN_STOCK if n < in_stock else Device.Status.ISSUED,
            holder=None if n < in_stock else people[n % len(people)],
            issued_on=None if n < in_stock else today - dt.timedelta(days=rng.randint(1, 1500)),
        )
        for n in range(missing)
    ]
    for device, team in zip(devices[:2], {p.team_id: p.team for p in people}.values(), strict=False):
        device.holder, device.pool_team = None, team
    devices = Device.objects.bulk_create(devices, batch_size=BATCH)
    DeviceEvent.objects.bulk_create(
        [
            DeviceEvent(
                device=device,
                action=DeviceEvent.Action.ISSUED if device.holder_id else DeviceEvent.Action.ADDED,
                actor=desk,
                person=device.holder,
                occurred_at=now,
            )
            for device in devices
        ],
        batch_size=BATCH,
    )
    for device in devices[:2]:
        team = [p for p in people if p.team_id == device.pool_team_id][:5]
        PoolUser.objects.bulk_create(
            [PoolUser(device=device, person=p, added_at=now, added_by=desk) for p in team]
        )


def build_leaver_cases(people, rng, today: dt.date, count: int = LEAVER_CASES) -> LeaverCase:
    """``count`` open cases for people with a line manager; returns one shown in full."""
    leavers = rng.sample([p for p in people if p.line_manager_id], count)
    cases = LeaverCase.objects.bulk_create(
        [
            LeaverCase(person=person, last_day=today + dt.timedelta(days=rng.randint(1, 40)),
                       reason="Moving on.", started_by_id=person.line_manager_id)
            for person in leavers
        ]  # fmt: skip
    )
    held = {}
    for device in Device.objects.filter(holder__in=leavers, status=Device.Status.ISSUED):
        held.setdefault(device.holder_id, []).append(device)
    desk_role = Role.objects.get(key="it_service_desk")
    planned = []
    for case in cases:
        planned.append((case, CaseItem.What.DISABLE_ACCOUNTS, None, "Disable network and email"))
        planned += [
            (case, CaseItem.What.DEVICE, device, f"Recover {device.asset_tag}")
            for device in held.get(case.person_id, [])
        ]
        planned.append((case, CaseItem.What.MAILBOX, None, "Mailbox continuity"))
    now = timezone.now()
    tasks = Task.objects.bulk_create(
        [
            Task(
                key=f"leaver:{case.pk}:{what}:{device.pk if device else 0}",
                title=f"{title}: {case.person.full_name}",
                owner_id=case.person.line_manager_id if what == CaseItem.What.MAILBOX else None,
                owner_role=None if what == CaseItem.What.MAILBOX else desk_role,
                due_on=case.last_day,
                status=Task.Status.DONE if n % 3 == 0 else Task.Status.OPEN,
                done_at=now if n % 3 == 0 else None,
            )
            for n, (case, what, device, title) in enumerate(planned)
        ],
        batch_size=BATCH,
    )
    CaseItem.objects.bulk_create(
        [
            CaseItem(case=case, task=task, what=what, device=device)
            for (case, what, device, _title), task in zip(planned, tasks, strict=True)
        ],
        batch_size=BATCH,
    )
    return cases[0]
