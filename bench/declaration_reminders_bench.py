"""How long the nightly declaration jobs take for a large force: 10,000 staff.

Builds a throwaway database (PostgreSQL when DATABASE_URL points at one, else
SQLite in a scratch folder) with STAFF people in teams of 20 under their line
managers, a chief executive, and three kinds of declaration with three years of
signed history (about 70,000 declarations for 10,000 staff):

* an annual declaration for everyone, last signed between 425 days and 1 day
  ago, so that about one in seven is overdue (by up to 60 days);
* a declaration every year by 1 April, for everyone, signed for the last three
  years;
* a mobile-device declaration (annual) for the three in ten who hold a device.

Then it times, on Monday 23 November 2026:

1. ``requirements_refresh`` from nothing (it makes every current requirement),
2. ``requirements_refresh`` again (it must change nothing),
   then the due dates are set as the nightly runs would have set them, and
3. ``requirements_refresh`` of that running system (it must change nothing),
4. the reminder run (``reminders_send``): the first run, which sends every
   reminder and digest due that day,
5. the reminder run again the same day (it must send nothing),
6. the reminder run the next day: what an ordinary day sends.

Emails are rendered, stored and "sent" in the same process (Celery eager, the
in-memory mail backend), so the times include everything the worker would do.
The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal \\
        .venv/bin/python bench/declaration_reminders_bench.py [--staff 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from benchsetup import configure_django  # noqa: E402

SCRATCH = configure_django("declaration-bench-")

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from declarations.models import (  # noqa: E402
    Cycle,
    Declaration,
    DeclarationKind,
    Policy,
    PolicyVersion,
    Requirement,
)
from declarations.reminders import reminders_send  # noqa: E402
from declarations.requirements import requirements_refresh  # noqa: E402
from devices.models import Device  # noqa: E402
from kernel.roles import RoleKey  # noqa: E402
from notifications.models import Notification  # noqa: E402
from staff.models import Role, RoleAssignment, Team, User  # noqa: E402

TODAY = dt.date(2026, 11, 23)
LONDON = ZoneInfo("Europe/London")
TEAM_SIZE = 20
DEVICE_SHARE = 0.3
BATCH = 5000


def build(staff: int, rng: random.Random) -> None:
    """The organisation, its policies and three years of signatures."""
    password = make_password(None)
    teams = Team.objects.bulk_create(
        [Team(name=f"Team {n:04d}") for n in range(staff // TEAM_SIZE + 1)]
    )
    chief = User.objects.create(email="chief@bench.example.org", full_name="Chris Chief")
    RoleAssignment.objects.create(
        user=chief, role=Role.objects.get(key=RoleKey.CHIEF_EXECUTIVE), starts_on=dt.date(2024, 1, 1)
    )
    managers = User.objects.bulk_create(
        [
            User(
                email=f"manager{n}@bench.example.org",
                full_name=f"Morgan Manager {n}",
                team=team,
                line_manager=chief,
                start_date=dt.date(2015, 1, 5),
                password=password,
            )
            for n, team in enumerate(teams)
        ]
    )
    people = User.objects.bulk_create(
        [
            User(
                email=f"person{n}@bench.example.org",
                full_name=f"Sam Example {n}",
                team=teams[n // TEAM_SIZE],
                line_manager=managers[n // TEAM_SIZE],
                start_date=dt.date(2018, 9, 3),
                password=password,
            )
            for n in range(staff - len(managers) - 1)
        ],
        batch_size=BATCH,
    )
    everyone = [chief, *managers, *people]
    holders = rng.sample(everyone, int(len(everyone) * DEVICE_SHARE))
    Device.objects.bulk_create(
        [
            Device(kind="phone", asset_tag=f"BENCH-{n}", status=Device.Status.ISSUED, holder=user,
                   issued_on=dt.date(2023, 1, 9))
            for n, user in enumerate(holders)
        ],
        batch_size=BATCH,
    )
    policy = Policy.objects.create(title="Use of IT and communications", slug="it")
    version = PolicyVersion.objects.create(
        policy=policy,
        number="5.0",
        effective_date=dt.date(2023, 1, 2),
        body_markdown="## 1. Purpose\n\nHow we use the organisation's systems.\n",
        status=PolicyVersion.Status.PUBLISHED,
        body_sha256="0" * 64,
        published_at=dt.datetime(2023, 1, 2, 9, tzinfo=LONDON),
    )
    annual = DeclarationKind.objects.create(
        key="annual", name="Annual policy declaration", policy=policy
    )
    fixed = DeclarationKind.objects.create(
        key="confidentiality",
        name="Confidentiality declaration",
        policy=policy,
        cycle=Cycle.FIXED_DATE,
        fixed_month=4,
        fixed_day=1,
    )
    device = DeclarationKind.objects.create(
        key="mobile-device",
        name="Mobile-device declaration",
        policy=policy,
        device_kinds_held=["phone", "tablet"],
    )
    history = []
    for user in everyone:
        last = TODAY - dt.timedelta(days=rng.randint(1, 425))
        history += [(user, annual, last - dt.timedelta(days=365 * n), None) for n in range(3)]
        history += [
            (user, fixed, dt.date(y, 3, rng.randint(1, 28)), str(y)) for y in (2024, 2025, 2026)
        ]
    for user in holders:
        last = TODAY - dt.timedelta(days=rng.randint(1, 380))
        history += [(user, device, last - dt.timedelta(days=365 * n), None) for n in range(3)]
    _sign_history(history, version)


def _sign_history(history, version) -> None:
    requirements = Requirement.objects.bulk_create(
        [
            Requirement(
                user=user,
                kind=kind,
                cycle_key=key or f"from:{(day - dt.timedelta(days=365)).isoformat()}",
                version=version,
                due_date=day,
                status=Requirement.Status.SIGNED,
            )
            for user, kind, day, key in history
        ],
        batch_size=BATCH,
    )
    Declaration.objects.bulk_create(
        [
            Declaration(
                requirement=requirement,
                user=user,
                kind=kind,
                version=version,
                statements=["I have read the policy and will follow it."],
                text_sha256="0" * 64,
                typed_name=user.full_name,
                signed_at=dt.datetime.combine(day, dt.time(10), tzinfo=LONDON),
            )
            for requirement, (user, kind, day, _) in zip(requirements, history, strict=True)
        ],
        batch_size=BATCH,
    )


def catch_up() -> None:
    """Give the requirements made from nothing the due dates the nightly runs would have given.

    Made on the first run, a requirement is never due sooner than the grace period;
    made the day after the last signature, as in a running system, it is due a year
    after it, so some are overdue.
    """
    requirements = list(
        Requirement.objects.filter(status=Requirement.Status.DUE, cycle_key__startswith="from:")
    )
    for requirement in requirements:
        signed = dt.date.fromisoformat(requirement.cycle_key.removeprefix("from:"))
        requirement.due_date = signed + dt.timedelta(days=365)
    Requirement.objects.bulk_update(requirements, ["due_date"], batch_size=BATCH)


def timed(label: str, job):
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = job()
        seconds = time.perf_counter() - started
    print(f"{label:<40} {seconds:7.2f} s {queries:6d} queries   {result}")
    return result


def emails_sent(job):
    def run():
        first = len(mail.outbox)
        outcome = job()
        return f"{len(mail.outbox) - first} emails: {outcome}"

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = (
        str(SCRATCH / "bench.sqlite3")
        if connection.vendor == "sqlite"
        else "portal_declaration_bench"
    )
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        build(args.staff, random.Random(args.seed))
        print(
            f"{connection.vendor}: {User.objects.count()} staff, "
            f"{Declaration.objects.count()} declarations, built in "
            f"{time.perf_counter() - started:.1f} s; today is {TODAY:%A %d %B %Y}"
        )
        made = timed(
            "requirements_refresh (from nothing)", lambda: requirements_refresh(today=TODAY)
        )
        again = timed("requirements_refresh (again)", lambda: requirements_refresh(today=TODAY))
        catch_up()
        nightly = timed(
            "requirements_refresh (a running system)", lambda: requirements_refresh(today=TODAY)
        )
        print(
            f"  {Requirement.objects.filter(status=Requirement.Status.DUE).count()} requirements due,"
            f" {Requirement.objects.filter(status='due', due_date__lt=TODAY).count()} overdue"
        )
        timed("reminder run (first)", emails_sent(lambda: reminders_send(today=TODAY)))
        before = Notification.objects.count()
        timed("reminder run (again, same day)", emails_sent(lambda: reminders_send(today=TODAY)))
        repeated = Notification.objects.count() - before
        tomorrow = TODAY + dt.timedelta(days=1)
        timed("reminder run (the next day)", emails_sent(lambda: reminders_send(today=tomorrow)))
        assert again == 0, "the second refresh changed something"
        assert nightly == 0, "the refresh of a system up to date changed something"
        assert repeated == 0, "the second reminder run sent something"
        assert made > 0
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
