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
* five notifications per person and about 15 audit events per person;
* 12,000 issued devices and 300 open leaver cases with their checklists
  (``leavers_volume.py``);
* 2,000 social-media accounts on the register (``register_volume.py``), with the
  people who can reach them, their apps and their encrypted credentials;
* 50,000 requests of every type (mailbox access the most asked for), over three
  years, with the steps the authority matrix gives them and the state they reached:
  a few percent still waiting (300 of them for the chief executive), most approved
  (expired once their dates ended), some refused or withdrawn, reports completed;
  comments on three in ten, the IT service desk's tasks for mailbox access; and
  one request shown in full, with three steps, four comments and two tasks.

Then, with Django's test client signed in (password and second factor, as the
tests do) as the person each page is for, it requests every main page REPEAT
times after a warm-up request and prints, per page, the median and 95th
percentile of the server time (the whole request through the middleware and
template) and the number of queries. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python bench/pages_bench.py [--staff 10000] [--requests 50000]
        [--repeat 30] [--only NAME] [--keep | --reuse]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import random
import statistics
import time
from dataclasses import dataclass, field

from benchsetup import configure_django  # noqa: E402

SCRATCH = configure_django("pages-bench-")

from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from leavers_volume import build_devices, build_leaver_cases  # noqa: E402
from register_volume import build_register  # noqa: E402

from accounts_registry.models import Account  # noqa: E402
from approvals.models import Comment, Request, Step, Task  # noqa: E402
from approvals.types import all_types, get_type  # noqa: E402
from audit.models import AuditEvent  # noqa: E402
from declarations import demo  # noqa: E402
from declarations.models import (  # noqa: E402
    Declaration,
    PolicyVersion,
    Requirement,
)
from declarations.requirements import requirements_refresh, standings_refresh  # noqa: E402
from devices.models import Device  # noqa: E402
from kernel.roles import RoleKey  # noqa: E402
from leavers.models import LeaverCase  # noqa: E402
from notifications.models import Notification  # noqa: E402
from portal.wsgi import freeze_loaded_objects  # noqa: E402 (as a server starts)
from records.models import Record  # noqa: E402
from staff.forms import PersonField  # noqa: E402
from staff.models import (  # noqa: E402
    AuthorityRule,
    AuthorityStep,
    Role,
    RoleAssignment,
    StaffType,
    Team,
    User,
)
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
    service_desk: User
    communications: User
    request: Request  # the one whose page is timed
    account: Account  # the register account whose page is timed
    device: Device  # the device whose page is timed
    case: LeaverCase  # the leaver case whose page is timed


def build(staff: int, requests: int, rng: random.Random, today: dt.date) -> Force:
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
    force.service_desk, force.communications = people[5], people[3]
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
    Device.objects.bulk_create(
        [
            Device(kind="phone", asset_tag=f"BENCH-{n}", status=Device.Status.ISSUED, holder=user,
                   issued_on=today - dt.timedelta(days=1500))
            for n, user in enumerate(devices)
        ],
        batch_size=BATCH,
    )
    _history(everyone, devices, rng, today, versions, kinds)
    _notifications(everyone, rng, today)
    _audit_trail(everyone, rng, today)
    force.request = _requests(force, everyone, rng, today, requests)
    current = [user for user in everyone if user.is_active]
    force.account = build_register(current, force.communications, rng, today)
    build_devices(current, force.service_desk, rng, today)
    force.device = Device.objects.filter(holder__isnull=False).earliest("pk")
    force.case = build_leaver_cases(current, rng, today)
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
    standings_refresh()


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


# --- requests -------------------------------------------------------------------------

REQUESTS = 50_000
MY_REQUESTS = 20  # raised by the member of staff whose list is timed
CHIEF_AWAITING = 300  # submitted requests whose open step is the chief executive's
COMMENT_SHARE = 0.3
LATE_SHARE = 0.05
# How often each type is asked for; a type not named here (a new one) counts 1.
TYPE_WEIGHTS = {
    "mailbox_access": 30,
    "device_abroad": 10,
    "software_permission": 10,
    "remote_working": 8,
    "email_external": 5,
    "email_delete": 4,
    "office_name_use": 4,
    "social_account": 2,
    "monitoring": 1,
}
RequestStatus = Request.Status
# What became of a request; an approved one whose dates have ended has expired.
STATUS_WEIGHTS = {
    RequestStatus.SUBMITTED: 3,
    RequestStatus.MORE_INFORMATION: 1,
    RequestStatus.APPROVED: 80,
    RequestStatus.REFUSED: 8,
    RequestStatus.WITHDRAWN: 8,
}
REPORT_STATUS_WEIGHTS = {RequestStatus.SUBMITTED: 5, RequestStatus.COMPLETED: 95}
DONE = {
    Step.Action.DECIDE: Step.Status.APPROVED,
    Step.Action.CONSULT: Step.Status.ADVISED,
    Step.Action.NOTIFY: Step.Status.ACKNOWLEDGED,
}
PHRASES = [
    "Cover for the team while the holder is on annual leave.",
    "Needed to keep casework moving during a period of sickness absence.",
    "The partnership meeting falls in this period and papers must be answered.",
    "Agreed with the line manager at the last one-to-one.",
    "The commissioner's office asked for this to support the public consultation.",
    "Urgent: complaints correspondence is waiting in the inbox.",
]
WORDS = ["Microsoft Teams", "France and Spain", "Laptop LT-2041", "Victim Services",
         "Partnership newsletter", "Community Safety", "Budget consultation", "Facebook"]  # fmt: skip


@dataclass
class Made:
    """One request being built, with its steps, comments and tasks."""

    request: Request
    steps: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


def _requests(force: Force, everyone, rng, today, count: int) -> Request:
    """``count`` requests of every type, in every status, as the engine would leave them;
    returns the one whose page is timed (``_showcase``)."""
    call_command("load_authority_matrix", stdout=io.StringIO())
    routes = {
        rule.decision_key: list(rule.steps.select_related("role").order_by("order"))
        for rule in AuthorityRule.objects.all()
    }
    held = list(RoleAssignment.objects.select_related("user", "role"))
    holders = {assignment.role.key: assignment.user for assignment in held}
    current = [user for user in everyone if user.is_active]
    # Role holders decide; they raise none of these, so none is theirs to decide.
    holder_ids = {assignment.user_id for assignment in held}
    requesters = [user for user in current if user.pk not in holder_ids]
    people = {user.pk: user for user in everyone}
    roles = {role.key: role for role in Role.objects.all()}
    types = [t for t in all_types() if _route_known(t, routes)]
    weights = [TYPE_WEIGHTS.get(t.key, 1) for t in types]
    context = {"routes": routes, "holders": holders, "roles": roles, "today": today,
               "rng": rng, "people": people, "current": current, "chief_open": 0}  # fmt: skip
    made = []
    for n in range(count):
        mine = n % (count // MY_REQUESTS) == 0
        requester = force.person if mine else rng.choice(requesters)
        request_type = rng.choices(types, weights)[0]
        made.append(_request(request_type, requester, context))
    made.append(_showcase(force, context))
    _save(made)
    return made[-1].request


def _route_known(request_type, routes) -> bool:
    answers = {"access": "forwarding"}  # mailbox access decides by the kind of access
    return request_type.decision_key_for(answers) in routes


def _request(request_type, requester: User, context: dict) -> Made:
    rng = context["rng"]
    weights = REPORT_STATUS_WEIGHTS if request_type.is_report else STATUS_WEIGHTS
    status = rng.choices(list(weights), list(weights.values()))[0]
    recent = status in Request.OPEN_STATUSES
    days_ago = rng.randint(0, 20) if recent else rng.randint(0, 3 * 365)
    submitted_at = timezone.now() - dt.timedelta(days=days_ago, minutes=rng.randint(0, 600))
    answers = _answers(request_type, requester, context, timezone.localdate(submitted_at))
    decision_key = request_type.decision_key_for(answers)
    if decision_key not in context["routes"]:
        return _request(request_type, requester, context)
    request = Request(
        type_key=request_type.key,
        decision_key=decision_key,
        requester=requester,
        answers=answers,
        late=rng.random() < LATE_SHARE,
        created_at=submitted_at - dt.timedelta(minutes=rng.randint(2, 60)),
        submitted_at=submitted_at,
    )
    affected = answers.get(request_type.affected_field) if request_type.affected_field else None
    request.affected_id = affected if affected != requester.pk else None
    request.summary = request_type.title_of(answers, context["people"])[:200]
    request.starts_on, request.ends_on = request_type.validity(answers)
    made = Made(request)
    status = _steps(made, context["routes"][decision_key], status, context)
    _finish(made, status, context)
    if rng.random() < COMMENT_SHARE:
        _comments(made, rng.randint(1, 3), context)
    if request_type.key == "mailbox_access":
        _mailbox_tasks(made, context)
    return made


def _answers(request_type, requester: User, context: dict, day: dt.date) -> dict:
    """An answer to every field of the type's form, as a requester would give them."""
    rng, answers, dates = context["rng"], {}, 0
    for name, form_field in request_type.form_class(requester=None).fields.items():
        if isinstance(form_field, PersonField):
            answers[name] = rng.choice(context["current"]).pk
        elif isinstance(form_field, forms.ModelChoiceField):  # e.g. a team, kept by its id
            answers[name] = rng.choice(list(form_field.queryset.values_list("pk", flat=True)))
        elif isinstance(form_field, forms.DateField):
            # Dates in the form's order: the first a few days after asking, then later.
            day += dt.timedelta(days=rng.randint(3, 21) if dates == 0 else rng.randint(7, 120))
            answers[name], dates = day.isoformat(), dates + 1
        elif isinstance(form_field, forms.MultipleChoiceField):
            answers[name] = [rng.choice([value for value, _ in form_field.choices if value])]
        elif isinstance(form_field, forms.ChoiceField):
            answers[name] = rng.choice([value for value, _ in form_field.choices if value])
        elif isinstance(form_field, forms.BooleanField):
            answers[name] = form_field.required or rng.random() < 0.5
        elif isinstance(form_field, forms.URLField):
            answers[name] = f"https://www.example.org/posts/{rng.randint(1, 99999)}"
        elif isinstance(form_field, forms.EmailField):
            answers[name] = f"someone{rng.randint(1, 999)}@example.org"
        elif isinstance(form_field, forms.CharField):
            long = isinstance(form_field.widget, forms.Textarea)
            text = " ".join(rng.sample(PHRASES, 2)) if long else rng.choice(WORDS)
            answers[name] = text[: form_field.max_length or None]
    return answers


def _steps(made: Made, route, status: str, context: dict) -> str:
    """The steps copied from the route, as they stand in ``status``; returns the status,
    changed when the route cannot end that way (nobody to refuse, nobody to wait for)."""
    rng, request = context["rng"], made.request
    steps = [_step(request, authority, context) for authority in route]
    made.steps = steps
    if not steps:  # the person authorises it themselves
        return RequestStatus.APPROVED
    if status in Request.OPEN_STATUSES:
        first = _open_step_index(steps, status, context)
        if first is None:
            return RequestStatus.APPROVED  # completed, for a report
        batch = _batch(steps, first)
        for step in steps[:first]:
            _close(step, DONE[step.action], request, context)
        for step in batch:
            _open(step, request, context)
        return status
    if status == RequestStatus.REFUSED:
        deciding = [n for n, step in enumerate(steps) if step.action == Step.Action.DECIDE]
        if not deciding:
            status = RequestStatus.APPROVED
        else:
            refused = rng.choice(deciding)
            for step in steps[:refused]:
                _close(step, DONE[step.action], request, context)
            _close(steps[refused], Step.Status.REFUSED, request, context)
            for step in steps[refused + 1 :]:
                step.status = Step.Status.CANCELLED
            return status
    if status == RequestStatus.WITHDRAWN:
        done = rng.randint(0, len(steps) - 1)
        for step in steps[:done]:
            _close(step, DONE[step.action], request, context)
        for step in steps[done:]:
            step.status = Step.Status.CANCELLED
        return status
    for step in steps:
        _close(step, DONE[step.action], request, context)
    return status


def _open_step_index(steps, status: str, context: dict) -> int | None:
    """Which step is open: the chief executive's until they have CHIEF_AWAITING
    decisions waiting, then another's; None if only the chief executive's is left."""
    if status == RequestStatus.MORE_INFORMATION:
        return 0  # not awaiting anyone's decision while the requester answers
    chief = [n for n, step in enumerate(steps) if _is_chief(step)]
    others = [n for n, step in enumerate(steps) if not _is_chief(step)]
    if chief and context["chief_open"] < CHIEF_AWAITING:
        context["chief_open"] += 1
        return chief[0]
    if not others or any(_is_chief(step) for step in _batch(steps, others[0])):
        return None  # a report's notify steps open together
    return others[0]


def _is_chief(step: Step) -> bool:
    return step.role is not None and step.role.key == RoleKey.CHIEF_EXECUTIVE


def _batch(steps, first: int) -> list[Step]:
    """The steps that open together: one, or a run of notify steps."""
    batch = [steps[first]]
    if steps[first].action == Step.Action.NOTIFY:
        for step in steps[first + 1 :]:
            if step.action != Step.Action.NOTIFY:
                break
            batch.append(step)
    return batch


def _step(request: Request, authority: AuthorityStep, context: dict) -> Step:
    """A step copied from the authority matrix, its line manager resolved."""
    step = Step(
        request=request,
        order=authority.order,
        action=authority.action,
        line_manager=authority.kind == AuthorityStep.Kind.LINE_MANAGER,
        role=authority.role,
        clause=authority.clause,
        review_needed=authority.review_needed,
    )
    if step.line_manager:
        manager = request.requester.line_manager
        if manager is not None and manager.is_active and manager.pk != request.affected_id:
            step.assignee = manager
        else:  # nobody to ask: the fallback, the chief executive, decides
            step.role, step.fallback = context["roles"][RoleKey.CHIEF_EXECUTIVE], True
    return step


def _actor(step: Step, context: dict) -> User:
    return step.assignee or context["holders"][step.role.key]


def _open(step: Step, request: Request, context: dict) -> None:
    opened = request.submitted_at + dt.timedelta(hours=context["rng"].randint(0, 48))
    step.status, step.opened_at = Step.Status.OPEN, opened
    step.due_on = timezone.localdate(opened) + dt.timedelta(days=7)


def _close(step: Step, status: str, request: Request, context: dict) -> None:
    _open(step, request, context)
    step.status = status
    step.decided_by = _actor(step, context)
    step.decided_at = step.opened_at + dt.timedelta(hours=context["rng"].randint(1, 96))
    if step.action == Step.Action.CONSULT or status == Step.Status.REFUSED:
        step.note = context["rng"].choice(PHRASES)


def _finish(made: Made, status: str, context: dict) -> None:
    """The request's own status and dates once its steps are settled."""
    request, today = made.request, context["today"]
    if status == RequestStatus.APPROVED and get_type(request.type_key).is_report:
        status = RequestStatus.COMPLETED
    if status == RequestStatus.APPROVED and request.ends_on and request.ends_on < today:
        status = RequestStatus.EXPIRED
    request.status = status
    if status == RequestStatus.MORE_INFORMATION:
        request.information_requested = "Which dates exactly, and who covers the work meanwhile?"
    decided = [step.decided_at for step in made.steps if step.decided_at]
    moment = max(decided, default=request.submitted_at + dt.timedelta(minutes=1))
    if status in (RequestStatus.APPROVED, RequestStatus.EXPIRED, RequestStatus.REFUSED,
                  RequestStatus.COMPLETED):  # fmt: skip
        request.decided_at = moment
    if status == RequestStatus.EXPIRED:
        request.closed_at = dt.datetime.combine(
            request.ends_on + dt.timedelta(days=1), dt.time(2), tzinfo=LONDON
        )
    elif status in Request.FINAL_STATUSES:
        request.closed_at = moment


def _comments(made: Made, count: int, context: dict) -> None:
    request, rng = made.request, context["rng"]
    authors = [request.requester, *(step.decided_by for step in made.steps if step.decided_by)]
    for n in range(count):
        author = rng.choice(authors)
        made.comments.append(
            Comment(
                request=request,
                author=author,
                body=rng.choice(PHRASES),
                internal=author != request.requester and rng.random() < 0.3,
                created_at=request.submitted_at + dt.timedelta(hours=n + 1),
            )
        )


def _mailbox_tasks(made: Made, context: dict) -> None:
    """The IT service desk sets approved access up, and takes it away when it ends."""
    request, today = made.request, context["today"]
    if request.status not in (RequestStatus.APPROVED, RequestStatus.EXPIRED):
        return
    due = max(request.starts_on or today, timezone.localdate(request.decided_at))
    made.tasks.append(_task(made, "mailbox-grant", f"Set up: {request.summary}", due, context))
    if request.status == RequestStatus.EXPIRED:
        due = request.ends_on + dt.timedelta(days=1)
        title = f"Remove access: {request.summary}"
        made.tasks.append(_task(made, "mailbox-remove", title, due, context))


def _task(made: Made, name: str, title: str, due: dt.date, context: dict) -> Task:
    """An IT service desk task, done if it fell due more than two days ago."""
    request, desk = made.request, context["holders"][RoleKey.IT_SERVICE_DESK]
    done = due < context["today"] - dt.timedelta(days=2)
    return Task(
        key=name,  # prefixed with the request's number once it is saved
        title=title[:200],
        details="Holder, access and dates as on the request.",
        owner_role=context["roles"][RoleKey.IT_SERVICE_DESK],
        due_on=due,
        request=request,
        status=Task.Status.DONE if done else Task.Status.OPEN,
        done_by=desk if done else None,
        done_at=dt.datetime.combine(due, dt.time(11), tzinfo=LONDON) if done else None,
        created_at=request.decided_at or request.submitted_at,
    )


def _showcase(force: Force, context: dict) -> Made:
    """The request whose page is timed: mailbox access for the member of staff, with three
    steps (the default matrix has at most two: here the line manager is consulted, the
    chief executive decides and the IT service desk is told), four comments (one an
    internal note) and both its tasks: access set up, and to be taken away today, as it
    ended yesterday."""
    today, roles, holders = context["today"], context["roles"], context["holders"]
    mailbox = get_type("mailbox_access")
    submitted_at = timezone.now() - dt.timedelta(days=40)
    answers = _answers(mailbox, force.person, context, today - dt.timedelta(days=40))
    answers.update(access="forwarding", starts_on=(today - dt.timedelta(days=30)).isoformat(),
                   ends_on=(today - dt.timedelta(days=1)).isoformat())  # fmt: skip
    request = Request(
        type_key=mailbox.key, decision_key=mailbox.decision_key_for(answers),
        requester=force.person, answers=answers, submitted_at=submitted_at,
        created_at=submitted_at - dt.timedelta(minutes=20),
    )  # fmt: skip
    request.affected_id = answers["holder"] if answers["holder"] != force.person.pk else None
    request.summary = mailbox.title_of(answers, context["people"])[:200]
    request.starts_on, request.ends_on = mailbox.validity(answers)
    made = Made(request)
    made.steps = [
        Step(request=request, order=1, action=Step.Action.CONSULT, line_manager=True,
             assignee=force.person.line_manager, review_needed=True),
        Step(request=request, order=2, action=Step.Action.DECIDE,
             role=roles[RoleKey.CHIEF_EXECUTIVE], clause="000 §41"),
        Step(request=request, order=3, action=Step.Action.NOTIFY,
             role=roles[RoleKey.IT_SERVICE_DESK], clause="000 §56"),
    ]  # fmt: skip
    for step in made.steps:
        _close(step, DONE[step.action], request, context)
    _finish(made, RequestStatus.APPROVED, context)
    _comments(made, 4, context)
    made.comments[2].author, made.comments[2].internal = holders[RoleKey.IT_SERVICE_DESK], True
    _mailbox_tasks(made, context)
    return made


def _save(made: list[Made]) -> None:
    Request.objects.bulk_create([each.request for each in made], batch_size=BATCH)
    for each in made:
        for task in each.tasks:
            task.key = f"request:{each.request.pk}:{task.key}"
    Step.objects.bulk_create([s for each in made for s in each.steps], batch_size=BATCH)
    Comment.objects.bulk_create([c for each in made for c in each.comments], batch_size=BATCH)
    Task.objects.bulk_create([t for each in made for t in each.tasks], batch_size=BATCH)


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
    force.service_desk = User.objects.get(email=f"person5@{domain}")
    force.communications = User.objects.get(email=f"person3@{domain}")
    force.request = Request.objects.latest("pk")
    force.account = Account.objects.filter(status=Account.Status.ACTIVE).earliest("pk")
    force.device = Device.objects.filter(holder__isnull=False).earliest("pk")
    force.case = LeaverCase.objects.earliest("pk")
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
        (
            "Compliance (chief executive), every team",
            force.chief,
            reverse("declarations:compliance") + "?teams=all",
        ),
        ("Compliance (director, 1,000)", force.director, reverse("declarations:compliance")),
        ("Authority matrix", force.administrator, reverse("staff:authority_matrix")),
        ("Records verify (GET)", force.person, reverse("records:verify")),
        *_request_pages(force),
        *_register_pages(force),
        *_device_and_leaver_pages(force),
    ]


def _request_pages(force: Force) -> list[tuple[str, User, str]]:
    detail = reverse("approvals:request_detail", args=[force.request.pk])
    listed = reverse("approvals:request_list")
    filters = [("", ""), (", submitted", "?status=submitted"),
               (", a type", "?type=mailbox_access"), (", search", "?q=Example+12")]  # fmt: skip
    return [
        ("Awaiting my decision (chief executive)", force.chief, reverse("approvals:awaiting")),
        ("My requests (a member of staff)", force.person, reverse("approvals:my_requests")),
        ("Request page (requester)", force.person, detail),
        ("Request page (chief executive)", force.chief, detail),
        *[(f"Request list (auditor){name}", force.auditor, listed + query)
          for name, query in filters],
        *[(f"Request list (chief executive){name}", force.chief, listed + query)
          for name, query in filters],
        ("My tasks (IT service desk)", force.service_desk, reverse("home")),
    ]  # fmt: skip


def _register_pages(force: Force) -> list[tuple[str, User, str]]:
    register = reverse("accounts_registry:account_list")
    detail = reverse("accounts_registry:account_detail", args=[force.account.pk])
    owner = force.account.owner
    return [
        ("Register (communications team)", force.communications, register),
        ("Register, Twitter/X and flagged", force.communications,
         register + "?platform=twitter&flag=password_change_required"),
        ("Register, search", force.communications, register + "?q=Team01"),
        ("Register (auditor)", force.auditor, register),
        ("Account page (communications team)", force.communications, detail),
        ("Account page (owner)", owner, detail),
        ("My accounts (owner)", owner, reverse("accounts_registry:my_accounts")),
        ("My tasks (communications team)", force.communications, reverse("home")),
    ]  # fmt: skip


def _device_and_leaver_pages(force: Force) -> list[tuple[str, User, str]]:
    devices = reverse("devices:device_list")
    return [
        ("Devices (IT service desk)", force.service_desk, devices),
        ("Devices, laptops issued", force.service_desk, devices + "?kind=laptop&status=issued"),
        ("Devices, search", force.service_desk, devices + "?q=BENCH-D01"),
        ("Device page", force.service_desk,
         reverse("devices:device_detail", args=[force.device.pk])),
        ("Leaver cases (administrator)", force.administrator, reverse("leavers:case_list")),
        ("Leaver case page (administrator)", force.administrator,
         reverse("leavers:case_detail", args=[force.case.pk])),
        ("My team (line manager)", force.manager, reverse("leavers:my_team")),
        ("My team (director, 1,000)", force.director, reverse("leavers:my_team")),
    ]  # fmt: skip


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
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep, without building"
    )
    args = parser.parse_args()
    # Not Django's test set-up: it makes every template rendered send a copy of its
    # context to the test client, work a real server never does.
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
            force = build(args.staff, args.requests, random.Random(args.seed), today)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{connection.vendor}: {User.objects.count()} staff, "
            f"{Requirement.objects.count()} requirements, "
            f"{Declaration.objects.count()} declarations, {Record.objects.count()} records, "
            f"{Notification.objects.count()} notifications, "
            f"{AuditEvent.objects.count()} audit events, {Request.objects.count()} requests "
            f"({Step.objects.count()} steps, {Task.objects.count()} tasks), "
            f"{Account.objects.count()} register accounts, {Device.objects.count()} devices, "
            f"{LeaverCase.objects.count()} leaver cases; built in "
            f"{time.perf_counter() - started:.0f} s"
        )
        print(f"{'page':<44} {'p50':>9} {'p95':>9} {'queries':>8}  status")
        # What the build left behind is not a server's; set it aside as the server sets
        # aside what it loaded at start (portal/wsgi.py).
        freeze_loaded_objects()
        for name, user, url in pages(force):
            if args.only and args.only.lower() not in name.lower():
                continue
            times, queries, status = measure(signed_in(user), url, args.repeat)
            p50, p95 = statistics.median(times) * 1000, percentile(times, 0.95) * 1000
            flag = "  over 200 ms" if p95 > 200 else ""
            print(f"{name:<44} {p50:6.0f} ms {p95:6.0f} ms {queries:8d}  {status}{flag}")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
