"""How fast the main pages answer, and how many queries they make, for a large force.

Builds a throwaway database (PostgreSQL when DATABASE_URL points at one, else
SQLite in a scratch folder) the size of a large force:

* 10,000 staff: a chief executive, 10 directors, 50 heads of service, 500 line
  managers and their teams of about 19, some leavers, a mix of staff types;
  administrators, an auditor and the other roles held by a few people;
* the four demonstration kinds of declaration (annual by 1 April, confidentiality
  a year after the last, mobile devices for the three in ten who hold one, the
  security operating procedures per version) with four years of history: about
  100,000 requirements, each signed with its declaration and signed record,
  then the requirements the nightly run would make today;
* five notifications per person and about 15 audit events per person.

Requests (the approvals app) do not exist yet, so none are built.

Then, with Django's test client signed in (password and second factor, as the
tests do) as the person each page is for, it requests every main page REPEAT
times after a warm-up request and prints, per page, the median and 95th
percentile of the server time (the whole request through the middleware and
template) and the number of queries. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python bench/pages_bench.py [--staff 10000] [--repeat 30] [--only NAME]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import time

from benchsetup import configure_django  # noqa: E402

SCRATCH = configure_django("pages-bench-")

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.models import AuditEvent  # noqa: E402
from declarations import demo  # noqa: E402
from declarations.models import (  # noqa: E402
    Declaration,
    DeviceHolding,
    PolicyVersion,
    Requirement,
)
from declarations.requirements import requirements_refresh  # noqa: E402
from kernel.roles import RoleKey  # noqa: E402
from notifications.models import Notification  # noqa: E402
from records.models import Record  # noqa: E402
from staff.models import Role, RoleAssignment, StaffType, Team, User  # noqa: E402
from staff.tests.factories import enable_totp  # noqa: E402

LONDON = demo.LONDON
BATCH = 5000
DIRECTORS, HEADS_EACH, MANAGERS_EACH = 10, 5, 10
DEVICE_SHARE = 0.3
LEAVER_SHARE = 0.02
NOTIFICATIONS_EACH = 5
AUDIT_EVENTS_EACH = 15
STAFF_TYPES = [StaffType.PERMANENT] * 14 + [
    StaffType.TEMPORARY,
    StaffType.AGENCY,
    StaffType.CONTRACTOR,
    StaffType.VOLUNTEER,
    StaffType.BOARD_MEMBER,
]


class Force:
    """Who is who in the built organisation, for choosing whom to sign in as."""

    chief: User
    administrator: User
    auditor: User
    director: User
    manager: User
    person: User


def build(staff: int, rng: random.Random, today: dt.date) -> Force:
    force = Force()
    password = make_password(None)
    versions, kinds = _kinds(today)
    executive = Team.objects.create(name="Executive")

    def make(count, prefix, name, teams, managers, **fields):
        users = [
            User(
                email=f"{prefix}{n}@{settings.ORGANISATION_EMAIL_DOMAIN}",
                full_name=f"{name} {n}",
                job_title=name,
                team=teams(n),
                line_manager=managers(n),
                staff_type=rng.choice(STAFF_TYPES) if prefix == "person" else StaffType.PERMANENT,
                start_date=today - dt.timedelta(days=rng.randint(30, 6000)),
                password=password,
                **fields,
            )
            for n in range(count)
        ]
        return User.objects.bulk_create(users, batch_size=BATCH)

    force.chief = make(1, "chief", "Chris Chief", lambda n: executive, lambda n: None)[0]
    directorates = Team.objects.bulk_create(
        [Team(name=f"Directorate {n:02d}") for n in range(DIRECTORS)]
    )
    directors = make(
        DIRECTORS, "director", "Dana Director", lambda n: directorates[n], lambda n: force.chief
    )
    heads = make(
        DIRECTORS * HEADS_EACH,
        "head",
        "Harper Head",
        lambda n: directorates[n // HEADS_EACH],
        lambda n: directors[n // HEADS_EACH],
    )
    manager_count = len(heads) * MANAGERS_EACH
    teams = Team.objects.bulk_create([Team(name=f"Team {n:04d}") for n in range(manager_count)])
    managers = make(
        manager_count,
        "manager",
        "Morgan Manager",
        lambda n: teams[n],
        lambda n: heads[n // MANAGERS_EACH],
    )
    rest = staff - 1 - len(directors) - len(heads) - len(managers)
    people = make(
        rest,
        "person",
        "Sam Example",
        lambda n: teams[n % manager_count],
        lambda n: managers[n % manager_count],
    )
    leavers = rng.sample(people, int(len(people) * LEAVER_SHARE))
    for leaver in leavers:
        leaver.leaving_date = today - dt.timedelta(days=rng.randint(1, 700))
        leaver.is_active = False
    User.objects.bulk_update(leavers, ["leaving_date", "is_active"], batch_size=BATCH)

    force.administrator, force.auditor = people[0], people[1]
    force.director, force.manager, force.person = directors[0], managers[0], people[len(managers)]
    roles = {role.key: role for role in Role.objects.all()}
    holders = [
        (force.chief, RoleKey.CHIEF_EXECUTIVE),
        (people[0], RoleKey.ADMINISTRATOR),
        (people[2], RoleKey.ADMINISTRATOR),
        (people[1], RoleKey.AUDITOR),
        (directors[1], RoleKey.MONITORING_OFFICER),
        (directors[2], RoleKey.SIRO),
        (people[3], RoleKey.COMMUNICATIONS),
        (people[4], RoleKey.INFORMATION_SECURITY),
        (people[5], RoleKey.IT_SERVICE_DESK),
    ]
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role=roles[key], starts_on=dt.date(2024, 1, 1))
            for user, key in holders
        ]
    )
    for user, _key in holders:
        enable_totp(user)

    everyone = [force.chief, *directors, *heads, *managers, *people]
    devices = rng.sample(everyone, int(len(everyone) * DEVICE_SHARE))
    DeviceHolding.objects.bulk_create(
        [DeviceHolding(user=user, since=today - dt.timedelta(days=1500)) for user in devices],
        batch_size=BATCH,
    )
    _history(everyone, devices, rng, today, versions, kinds)
    _notifications(everyone, rng, today)
    _audit_trail(everyone, rng, today)
    return force


def _kinds(today):
    """The demonstration policies and kinds, made before anyone could owe them."""
    report = demo.DeclarationsSeedReport()
    versions = {entry.title: demo._policy(entry, today, report) for entry in demo.POLICIES}
    kinds = {entry.key: demo._kind(entry, report) for entry in demo.KINDS}
    PolicyVersion.objects.filter(status=PolicyVersion.Status.PUBLISHED).update(
        effective_date=today - dt.timedelta(days=5 * 365)
    )
    return versions, kinds


def _history(everyone, devices, rng, today, versions, kinds) -> None:
    """Four years of declarations of the demonstration kinds, each with its record."""
    version_of = {entry.key: versions[entry.policy] for entry in demo.KINDS}
    statements = {
        key: list(kind.statements.values_list("text", flat=True)) for key, kind in kinds.items()
    }
    history = []  # (user, kind key, cycle key, due date, signed date)
    for user in everyone:
        for year in range(today.year - 3, today.year + 1):
            due = dt.date(year, 4, 1)
            if due < today:
                history.append(
                    (user, demo.ANNUAL, str(year), due, due - dt.timedelta(days=rng.randint(0, 40)))
                )
        last = today - dt.timedelta(days=rng.randint(20, 360) + 3 * 365)
        for _ in range(4):
            if last < today:
                history.append((user, demo.CONFIDENTIALITY, f"from:{last.isoformat()}", last, last))
            last += dt.timedelta(days=365 - rng.randint(0, 30))
        if user.staff_type in kinds[demo.SOP].audience_staff_types:
            sop = version_of[demo.SOP]
            signed = today - dt.timedelta(days=rng.randint(20, 400))
            history.append((user, demo.SOP, f"v{sop.pk}", signed, signed))
    for user in devices:
        last = today - dt.timedelta(days=rng.randint(20, 360) + 2 * 365)
        for _ in range(3):
            history.append((user, demo.DEVICE, f"from:{last.isoformat()}", last, last))
            last += dt.timedelta(days=365 - rng.randint(0, 30))
    requirements = Requirement.objects.bulk_create(
        [
            Requirement(
                user=user,
                kind=kinds[key],
                cycle_key=cycle_key,
                version=version_of[key],
                due_date=due,
                status=Requirement.Status.SIGNED,
                closed_at=dt.datetime.combine(signed, dt.time(10), tzinfo=LONDON),
            )
            for user, key, cycle_key, due, signed in history
        ],
        batch_size=BATCH,
    )
    year_numbers: dict[int, int] = {}
    records = []
    for user, key, _cycle, _due, signed in history:
        number = year_numbers[signed.year] = year_numbers.get(signed.year, 0) + 1
        moment = dt.datetime.combine(signed, dt.time(10), tzinfo=LONDON)
        records.append(
            Record(
                reference=f"DEC-{signed.year}-{number:06d}",
                kind="declaration",
                year=signed.year,
                number=number,
                title=f"{kinds[key].name} {signed.year}",
                subject=user,
                evidence={"typed_name": user.full_name, "signed_at": moment.isoformat()},
                status=Record.Status.COMPLETE,
                sha256=hashlib.sha256(f"{signed.year}-{number}".encode()).hexdigest(),
                created_at=moment,
                completed_at=moment,
            )
        )
    records = Record.objects.bulk_create(records, batch_size=BATCH)
    Declaration.objects.bulk_create(
        [
            Declaration(
                requirement=requirement,
                user=user,
                kind=kinds[key],
                version=version_of[key],
                statements=statements[key],
                text_sha256="0" * 64,
                typed_name=user.full_name,
                signed_at=dt.datetime.combine(signed, dt.time(10), tzinfo=LONDON),
                ip_address="10.20.30.40",
                user_agent=demo.USER_AGENT,
                authentication=[{"method": "password", "at": signed.isoformat()}],
                record=record,
            )
            for requirement, record, (user, key, _c, _d, signed) in zip(
                requirements, records, history, strict=True
            )
        ],
        batch_size=BATCH,
    )
    requirements_refresh(today=today)
    # What the nightly runs would have done: a year after the last signature is due.
    waiting = list(
        Requirement.objects.filter(status=Requirement.Status.DUE, cycle_key__startswith="from:")
    )
    for requirement in waiting:
        signed = dt.date.fromisoformat(requirement.cycle_key.removeprefix("from:"))
        requirement.due_date = demo._a_year_after(signed)
    Requirement.objects.bulk_update(waiting, ["due_date"], batch_size=BATCH)


def _notifications(everyone, rng, today) -> None:
    now = timezone.now()
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind="declaration.reminder",
                subject="Your annual policy declaration is due",
                body_text="Your declaration is due. Sign it from My tasks.",
                link="/declarations/",
                idempotency_key=f"bench:{user.pk}:{n}",
                read_at=None if n == 0 else now,
                email_status="sent",
            )
            for user in everyone
            for n in range(NOTIFICATIONS_EACH)
        ],
        batch_size=BATCH,
    )
    # created_at is set on insert: spread it over the last year, a month at a time.
    ids = [notification.pk for notification in made]
    rng.shuffle(ids)
    months = 12
    for month in range(months):
        Notification.objects.filter(pk__in=ids[month::months]).update(
            created_at=now - dt.timedelta(days=30 * month)
        )


def _audit_trail(everyone, rng, today) -> None:
    actions = ["auth.signed_in"] * 10 + ["declaration.signed", "record.created", "auth.signed_out"]
    start = timezone.now() - dt.timedelta(days=730)
    events = []
    last = AuditEvent.objects.order_by("-seq").first()
    seq, previous = (last.seq, last.hash) if last else (0, "0" * 64)
    count = len(everyone) * AUDIT_EVENTS_EACH
    step = dt.timedelta(days=730) / count
    for n in range(count):
        user = everyone[rng.randrange(len(everyone))]
        event = AuditEvent(
            seq=seq + n + 1,
            occurred_at=start + step * n,
            actor=user,
            actor_label=user.email,
            action=rng.choice(actions),
            target_type="staff.user",
            target_id=str(user.pk),
            target_label=user.full_name,
            details={"via": "bench"},
            ip_address="10.20.30.40",
            prev_hash=previous,
        )
        event.hash = previous = event.compute_hash()
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)


def found() -> Force:
    """The people of a database built earlier."""
    force = Force()
    domain = settings.ORGANISATION_EMAIL_DOMAIN
    force.chief = User.objects.get(email=f"chief0@{domain}")
    force.administrator = User.objects.get(email=f"person0@{domain}")
    force.auditor = User.objects.get(email=f"person1@{domain}")
    force.director = User.objects.get(email=f"director0@{domain}")
    force.manager = User.objects.get(email=f"manager0@{domain}")
    force.person = User.objects.get(
        email=f"person{DIRECTORS * HEADS_EACH * MANAGERS_EACH}@{domain}"
    )
    return force


def signed_in(user: User) -> Client:
    """A test client signed in with password and second factor, just now."""
    client = Client()
    client.force_login(user)
    session = client.session
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session.save()
    return client


def pages(force: Force) -> list[tuple[str, User, str]]:
    signer = (
        Requirement.objects.filter(
            status=Requirement.Status.DUE,
            kind__key=demo.ANNUAL,
            user__is_active=True,
            user__line_manager__isnull=False,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    policy = signer.kind.policy
    target = force.manager
    return [
        ("My tasks (home)", force.person, reverse("home")),
        ("My tasks (line manager)", force.manager, reverse("home")),
        ("My tasks (chief executive)", force.chief, reverse("home")),
        ("Notifications", force.person, reverse("notifications:list")),
        ("My declarations", force.person, reverse("declarations:index")),
        ("Signing page", signer.user, reverse("declarations:sign", args=[signer.pk])),
        ("Policy page", force.person, reverse("declarations:policy", args=[policy.slug])),
        ("My records", force.person, reverse("records:my_records")),
        ("Staff list", force.administrator, reverse("staff:list")),
        ("Staff list, search", force.administrator, reverse("staff:list") + "?q=Example+12"),
        ("Staff detail", force.administrator, reverse("staff:detail", args=[target.pk])),
        ("Staff edit form", force.administrator, reverse("staff:edit", args=[target.pk])),
        ("Audit trail", force.auditor, reverse("audit:event_list")),
        (
            "Audit trail, filtered",
            force.auditor,
            reverse("audit:event_list")
            + f"?action=declaration.signed&actor=manager1&date_from={dt.date(2025, 1, 1)}",
        ),
        ("Compliance (chief executive)", force.chief, reverse("declarations:compliance")),
        ("Compliance (director, 1,000)", force.director, reverse("declarations:compliance")),
        ("Authority matrix", force.administrator, reverse("staff:authority_matrix")),
        ("Records verify (GET)", force.person, reverse("records:verify")),
    ]


def measure(client: Client, url: str, repeat: int) -> tuple[list[float], int, int]:
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    status = client.get(url).status_code  # warm-up: templates, caches
    times = []
    for _ in range(repeat):
        queries = 0
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        status = response.status_code
    return times, queries, status


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep, without building"
    )
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    connection.settings_dict["TEST"]["NAME"] = (
        str(SCRATCH / "bench.sqlite3")
        if connection.vendor == "sqlite"
        else connection.settings_dict["NAME"]
    )
    original_name = connection.settings_dict["NAME"]
    if args.reuse:
        args.keep = True
        force = found()
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        today = timezone.localdate()
        if not args.reuse:
            force = build(args.staff, random.Random(args.seed), today)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{connection.vendor}: {User.objects.count()} staff, "
            f"{Requirement.objects.count()} requirements, "
            f"{Declaration.objects.count()} declarations, {Record.objects.count()} records, "
            f"{Notification.objects.count()} notifications, "
            f"{AuditEvent.objects.count()} audit events; built in "
            f"{time.perf_counter() - started:.0f} s"
        )
        print(f"{'page':<32} {'p50':>9} {'p95':>9} {'queries':>8}  status")
        for name, user, url in pages(force):
            if args.only and args.only.lower() not in name.lower():
                continue
            times, queries, status = measure(signed_in(user), url, args.repeat)
            p50, p95 = statistics.median(times) * 1000, percentile(times, 0.95) * 1000
            flag = "  over 200 ms" if p95 > 200 else ""
            print(f"{name:<32} {p50:6.0f} ms {p95:6.0f} ms {queries:8d}  {status}{flag}")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
