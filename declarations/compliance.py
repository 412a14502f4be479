"""Who has signed what: compliance figures for the people a viewer may see.

The words, as the compliance page uses them (``today`` is the organisation's date):

* A person is **in the audience** of a kind of declaration when they work here
  today and, by the rules of ``requirements.kind_audience`` (the kind's staff
  types, teams or device holders), it is theirs, and they owe or have signed a
  declaration of it. The figures read it from each person's standing
  (``models.Standing``), which the requirement engine keeps in step with every
  change to their requirements, to their staff record and to the devices they
  hold, and rewrites for everyone every night.
* **Overdue**: a due requirement whose effective due date (after any
  extension) is before today.
* **Compliant**: in the audience and not overdue, whether their declaration is
  signed or simply not due yet.
* **Due soon**: compliant, with a declaration due today or in the next 14 days.

A past cycle is a calendar year: every requirement whose due date falls in it,
as it stands: signed on time, signed late, or not signed (requirements that
were replaced or lapsed are left out, as nobody owed them any more).

Line managers see the people who report to them directly or indirectly; the
chief executive, administrators and auditors see everyone. Every figure is
counted by the database with a fixed number of queries, whatever the number of
staff or declarations.

This module only reads. The page, its CSV file and the signed report show the
same tables (``summary_tables``, ``person_cells``); downloading the figures and
making the report are services (``services.compliance_export_audit`` and
``services.compliance_report_create``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    Max,
    Min,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from kernel.access import uses_role
from kernel.roles import RoleKey
from staff.models import StaffType, Team, User

from .models import DeclarationKind, Requirement, Standing
from .requirements import current_staff

DUE_SOON_DAYS = 14

# Who sees every member of staff; line managers see their reports.
COMPLIANCE_READERS = (RoleKey.CHIEF_EXECUTIVE, RoleKey.ADMINISTRATOR, RoleKey.AUDITOR)

OVERDUE = "overdue"
DUE_SOON = "due_soon"
OUTSTANDING = "outstanding"
LIST_STATUSES = [
    (OVERDUE, "Overdue"),
    (DUE_SOON, f"Due within {DUE_SOON_DAYS} days"),
    (OUTSTANDING, "Not yet signed"),
]

NO_TEAM = "No team"

DUE = Requirement.Status.DUE
SIGNED = Requirement.Status.SIGNED


# --- who the viewer may see ---------------------------------------------------------


def sees_everyone(viewer: User) -> bool:
    return uses_role(viewer, *COMPLIANCE_READERS)


def reports_subquery(manager: User) -> RawSQL:
    """The ids of everyone below ``manager`` in the reporting lines, as one SQL subquery.

    A recursive common table expression (PostgreSQL and SQLite both have it)
    walks the whole tree inside the database, however deep; UNION rather than
    UNION ALL stops at a loop in the reporting lines instead of circling.
    People who have left are walked through, so their former reports stay
    visible until they are given a new manager.
    """
    # Only the model's own table and column names are spliced in; the manager is a parameter.
    table = User._meta.db_table
    manager_column = User._meta.get_field("line_manager").column
    sql = (
        f"WITH RECURSIVE reports(id) AS ("  # noqa: S608
        f'SELECT "id" FROM "{table}" WHERE "{manager_column}" = %s '
        f'UNION SELECT u."id" FROM "{table}" u JOIN reports r ON u."{manager_column}" = r.id'
        f") SELECT id FROM reports"
    )
    return RawSQL(sql, [manager.pk])  # noqa: S611


def people_visible_to(viewer: User) -> QuerySet[User]:
    """Every person whose compliance ``viewer`` may see (leavers included)."""
    if sees_everyone(viewer):
        return User.objects.all()
    return User.objects.filter(pk__in=reports_subquery(viewer))


def _scope(viewer: User) -> Q:
    """The same as ``people_visible_to``, as a condition on requirements."""
    if sees_everyone(viewer):
        return Q()
    return Q(user_id__in=reports_subquery(viewer))


def _person_scope(viewer: User) -> Q:
    """The same as ``people_visible_to``, as a condition on people."""
    if sees_everyone(viewer):
        return Q()
    return Q(pk__in=reports_subquery(viewer))


# --- filters ------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceFilters:
    """What the compliance page is showing: a cycle (None for now) and filters."""

    year: int | None = None
    kind: DeclarationKind | None = None
    team: Team | None = None
    staff_type: str = ""
    status: str = OVERDUE

    def requirement_q(self) -> Q:
        q = Q()
        if self.kind is not None:
            q &= Q(kind=self.kind)
        if self.team is not None:
            q &= Q(user__team=self.team)
        if self.staff_type:
            q &= Q(user__staff_type=self.staff_type)
        return q

    def person_q(self) -> Q:
        """The team and staff type filters, as a condition on people."""
        q = Q()
        if self.team is not None:
            q &= Q(team=self.team)
        if self.staff_type:
            q &= Q(staff_type=self.staff_type)
        return q

    def described(self) -> dict[str, str]:
        """The filters in words, for the CSV file and the PDF report."""
        return {
            "cycle": f"Declarations due in {self.year}" if self.year else "Now",
            "declaration": self.kind.name if self.kind else "All declarations",
            "team": self.team.name if self.team else "All teams",
            "staff_type": StaffType(self.staff_type).label
            if self.staff_type
            else "All staff types",
            "people_listed": dict(LIST_STATUSES)[self.status],
        }


# --- conditions on requirements -----------------------------------------------------


def _effective_due(lookup: str, value, *, via: str = "") -> Q:
    """A condition on the due date after any extension, e.g. ``_effective_due("lt", today)``;
    ``via`` names the relation to reach the requirement through (``"due__"``).

    Spelled out rather than with Coalesce so the database can use its indexes.
    """
    return Q(**{f"{via}extended_to__isnull": False, f"{via}extended_to__{lookup}": value}) | Q(
        **{f"{via}extended_to__isnull": True, f"{via}due_date__{lookup}": value}
    )


def _overdue(today: dt.date, *, via: str = "") -> Q:
    return Q(**{f"{via}status": DUE}) & _effective_due("lt", today, via=via)


def _due_soon(today: dt.date, *, via: str = "") -> Q:
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return (
        Q(**{f"{via}status": DUE})
        & _effective_due("gte", today, via=via)
        & _effective_due("lte", soon, via=via)
    )


# --- the figures --------------------------------------------------------------------


def _percent(part: int, whole: int) -> int | None:
    # Rounded down: 99.6% compliant is not everyone.
    return part * 100 // whole if whole else None


@dataclass
class Tally:
    """The state now of one group: its people, how many are compliant, due soon, overdue."""

    label: str
    people: int = 0
    compliant: int = 0
    due_soon: int = 0
    overdue: int = 0

    COLUMNS = ["People", "Compliant", "% compliant", f"Due within {DUE_SOON_DAYS} days", "Overdue"]
    LEGEND = [("ok", "Compliant"), ("soon", f"Due within {DUE_SOON_DAYS} days"), ("bad", "Overdue")]

    @property
    def percent(self) -> int | None:
        return _percent(self.compliant, self.people)

    def cells(self) -> list:
        return [self.people, self.compliant, self.percent, self.due_soon, self.overdue]

    def segments(self) -> list[tuple[str, int]]:
        """The parts of the group's bar, which add up to its people."""
        return [
            ("ok", self.compliant - self.due_soon),
            ("soon", self.due_soon),
            ("bad", self.overdue),
        ]

    def add(self, other: Tally) -> None:
        self.people += other.people
        self.compliant += other.compliant
        self.due_soon += other.due_soon
        self.overdue += other.overdue


@dataclass
class CycleTally:
    """A past cycle of one group: declarations due, signed on time, signed late, not signed."""

    label: str
    due: int = 0
    on_time: int = 0
    late: int = 0
    not_signed: int = 0

    COLUMNS = ["Declarations due", "Signed on time", "% on time", "Signed late", "Not signed"]
    LEGEND = [("ok", "Signed on time"), ("soon", "Signed late"), ("bad", "Not signed")]

    @property
    def percent(self) -> int | None:
        return _percent(self.on_time, self.due)

    def cells(self) -> list:
        return [self.due, self.on_time, self.percent, self.late, self.not_signed]

    def segments(self) -> list[tuple[str, int]]:
        return [("ok", self.on_time), ("soon", self.late), ("bad", self.not_signed)]

    def add(self, other: CycleTally) -> None:
        self.due += other.due
        self.on_time += other.on_time
        self.late += other.late
        self.not_signed += other.not_signed


@dataclass
class ComplianceSummary:
    """Everything the compliance page's tables and charts show."""

    filters: ComplianceFilters
    today: dt.date
    overall: Tally | CycleTally
    by_kind: list = field(default_factory=list)
    by_team: list = field(default_factory=list)
    by_staff_type: list = field(default_factory=list)

    @property
    def is_past_cycle(self) -> bool:
        return self.filters.year is not None

    @property
    def columns(self) -> list[str]:
        return type(self.overall).COLUMNS

    @property
    def legend(self) -> list[tuple[str, str]]:
        return type(self.overall).LEGEND


def compliance_kinds(filters: ComplianceFilters) -> list[DeclarationKind]:
    """The kinds the figures cover: active ones now, every kind for a past cycle."""
    if filters.kind is not None:
        return [filters.kind]
    kinds = DeclarationKind.objects.prefetch_related("audience_teams")
    if filters.year is None:
        kinds = kinds.filter(active=True)
    return list(kinds)


def compliance_summary(
    *, viewer: User, filters: ComplianceFilters, today: dt.date | None = None
) -> ComplianceSummary:
    """The figures by kind, team and staff type for the viewer's people (a few queries)."""
    today = today or timezone.localdate()
    kinds = compliance_kinds(filters)
    if filters.year is None:
        by_kind_rows, by_group_rows = _now_rows(viewer, filters, kinds, today)
        make = Tally
    else:
        by_kind_rows, by_group_rows = _cycle_rows(viewer, filters, today)
        make = CycleTally
    counted = {row.pop("kind_id"): row for row in by_kind_rows}
    by_kind = [make(kind.name, **counted.get(kind.pk, {})) for kind in kinds]
    teams, staff_types = _group_totals(make, by_group_rows)
    overall = make("All declarations")
    for tally in teams.values():
        overall.add(tally)
    return ComplianceSummary(
        filters=filters,
        today=today,
        overall=overall,
        by_kind=by_kind,
        by_team=sorted(teams.values(), key=lambda t: (t is teams.get(None), t.label.lower())),
        by_staff_type=[staff_types[key] for key in StaffType.values if key in staff_types],
    )


def _group_totals(make, rows: list[dict]) -> tuple[dict, dict]:
    """The tallies per team and per staff type from the rows per (team, staff type).

    A large force has thousands of those rows: each is filed under its team and its
    staff type, and a tally made once per team and staff type.
    """
    names = [each.name for each in fields(make) if each.name != "label"]
    team_labels, by_team, by_staff_type = {}, defaultdict(list), defaultdict(list)
    for row in rows:
        team_id = row["user__team_id"]
        team_labels[team_id] = row["user__team__name"] or NO_TEAM
        by_team[team_id].append(row)
        by_staff_type[row["user__staff_type"]].append(row)

    def tally(label, group):
        return make(label, **{name: sum(row[name] for row in group) for name in names})

    teams = {key: tally(team_labels[key], group) for key, group in by_team.items()}
    staff_types = {key: tally(StaffType(key).label, group) for key, group in by_staff_type.items()}
    return teams, staff_types


GROUP_FIELDS = ("user__team_id", "user__team__name", "user__staff_type")


def _now_rows(viewer, filters, kinds, today):
    """Per kind, and per team and staff type with each person counted once: two queries
    of the standings (``models.Standing``) of the current staff the viewer may see.

    Per team and staff type the figures come from each person's standing across every
    kind in use (or, with one kind chosen, in that kind): overdue when the earliest
    declaration they owe is overdue, due soon when it is due in the next 14 days.
    """
    if not kinds:
        return [], []
    people = current_staff(today).filter(_person_scope(viewer), filters.person_q())
    standings = Standing.objects.filter(user_id__in=people.values("pk"))
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    counts = {
        "people": Count("pk"),
        "overdue": Count("pk", filter=Q(due_on__lt=today)),
        "due_soon": Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
    }
    whole = standings.filter(kind=filters.kind) if filters.kind else standings.filter(kind=None)
    by_kind, by_group = _counted(standings.filter(kind__in=kinds), whole, counts)
    for row in by_kind + by_group:
        row["compliant"] = row["people"] - row["overdue"]
    return by_kind, by_group


def _counted(per_kind: QuerySet, per_group: QuerySet, counts: dict) -> tuple[list, list]:
    """The ``counts`` of ``per_kind`` by kind and of ``per_group`` by team and staff type,
    as dictionaries.

    Read straight from the database cursor: they are whole numbers and names, and a
    large force has thousands of rows per team and staff type, which Django's
    conversion of every value would take longer to read than the database to count.
    """
    by_kind = per_kind.values("kind_id").annotate(**counts).order_by()
    by_group = per_group.values(*GROUP_FIELDS).annotate(**counts).order_by()
    return (
        _fetch(by_kind, ["kind_id", *counts]),
        _fetch(by_group, [*GROUP_FIELDS, *counts]),
    )


def _fetch(rows: QuerySet, names: list[str]) -> list[dict]:
    try:
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:  # a filter that can match nobody
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _cycle_rows(viewer, filters, year_today):
    """Per kind, and per team and staff type: the requirements due in the year and what became of them."""
    year = filters.year
    requirements = Requirement.objects.filter(
        _scope(viewer),
        filters.requirement_q(),
        due_date__year=year,
        status__in=[DUE, SIGNED],
    )
    signed_day = TruncDate("declaration__signed_at")
    effective_due = Coalesce("extended_to", "due_date")
    counts = {
        "due": Count("pk"),
        "on_time": Count(
            "pk", filter=Q(status=SIGNED) & LessThanOrEqual(signed_day, effective_due)
        ),
        "late": Count("pk", filter=Q(status=SIGNED) & GreaterThan(signed_day, effective_due)),
        "not_signed": Count("pk", filter=Q(status=DUE)),
    }
    return _counted(requirements, requirements, counts)


# --- people ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OutstandingRow:
    """One declaration someone has not signed, as the compliance page lists it."""

    requirement: Requirement
    today: dt.date

    @property
    def person(self) -> User:
        return self.requirement.user

    @property
    def due(self) -> dt.date:
        return self.requirement.effective_due_date

    @property
    def days_overdue(self) -> int:
        """Whole days past the effective due date; 0 if not yet overdue."""
        return max((self.today - self.due).days, 0)

    @property
    def days_left(self) -> int:
        return max((self.due - self.today).days, 0)


def compliance_outstanding(
    *, viewer: User, filters: ComplianceFilters, today: dt.date | None = None
) -> QuerySet[Requirement]:
    """The unsigned requirements the compliance page lists (filtered by ``filters.status``),
    most overdue first: now, of people in the audience; for a past cycle, those due in that year."""
    today = today or timezone.localdate()
    requirements = Requirement.objects.filter(_scope(viewer), filters.requirement_q(), status=DUE)
    if filters.year is None:
        # Outstanding requirements are those of people in the audience: the engine lapses
        # the others' (see ``requirements``). Leavers' are counted no more from the day after.
        requirements = requirements.filter(
            kind__in=compliance_kinds(filters), user_id__in=current_staff(today).values("pk")
        )
    else:
        requirements = requirements.filter(due_date__year=filters.year)
    if filters.status == OVERDUE:
        requirements = requirements.filter(_overdue(today))
    elif filters.status == DUE_SOON:
        requirements = requirements.filter(_due_soon(today))
    return (
        requirements.select_related("user__team", "user__line_manager", "kind")
        .annotate(effective_due=Coalesce("extended_to", "due_date"))
        .order_by("effective_due", "user__full_name", "kind__order", "pk")
    )


def outstanding_rows(requirements, today: dt.date) -> list[OutstandingRow]:
    return [OutstandingRow(requirement, today) for requirement in requirements]


def compliance_years(viewer: User) -> list[int]:
    """The cycles on offer: every year from the first due date to the last of the
    declarations owed or signed by the viewer's people, newest first (one query).

    For everyone, the two ends come from the (status, due date) index rather than
    from every requirement (a large force has over 100,000); a line manager's
    people's requirements are few enough to read.
    """
    if sees_everyone(viewer):
        first, last = _due_date_ends()
    else:
        ends = Requirement.objects.filter(_scope(viewer), status__in=[DUE, SIGNED]).aggregate(
            first=Min("due_date"), last=Max("due_date")
        )
        first, last = ends["first"], ends["last"]
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def _due_date_ends() -> tuple[dt.date | None, dt.date | None]:
    """The first and last due date of all requirements owed or signed: one query of four
    index look-ups (the lowest and highest due date of each status)."""
    # Only the model's own table and column names are spliced in; the statuses are parameters.
    q = connection.ops.quote_name
    table, due, status = q(Requirement._meta.db_table), q("due_date"), q("status")
    ends, params = [], []
    for each_status in (DUE, SIGNED):
        for end in ("MIN", "MAX"):
            ends.append(f"(SELECT {end}({due}) FROM {table} WHERE {status} = %s)")  # noqa: S608
            params.append(each_status)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(ends)}", params)
        # SQLite gives the dates of a raw query as text, PostgreSQL as dates.
        days = [dt.date.fromisoformat(str(day)) for day in cursor.fetchone() if day is not None]
    return (min(days), max(days)) if days else (None, None)


# --- what the page shows, as rows: also in the CSV file and the signed report -----------


def scope_label(viewer: User) -> str:
    """Whose figures the viewer sees, in words."""
    if sees_everyone(viewer):
        return "Everyone"
    return f"The people who report to {viewer.full_name}, directly or through their managers"


def people_heading(filters: ComplianceFilters) -> str:
    """The heading of the list of people, for the status and cycle chosen."""
    headings = {
        OVERDUE: "Overdue declarations",
        DUE_SOON: f"Declarations due within {DUE_SOON_DAYS} days",
        OUTSTANDING: "Declarations not yet signed",
    }
    heading = headings[filters.status]
    return f"{heading}, of those due in {filters.year}" if filters.year else heading


def summary_tables(summary: ComplianceSummary) -> list[dict]:
    """The three tables of the page: heading, first column, rows and their total."""
    overall = summary.overall
    all_kinds = (
        "All declarations" if summary.is_past_cycle else "All declarations (each person once)"
    )
    return [
        {"key": "kind", "heading": "By declaration", "first": "Declaration",
         "rows": summary.by_kind, "total": _relabel(overall, all_kinds)},
        {"key": "team", "heading": "By team", "first": "Team",
         "rows": summary.by_team, "total": _relabel(overall, "All teams")},
        {"key": "staff_type", "heading": "By staff type", "first": "Staff type",
         "rows": summary.by_staff_type, "total": _relabel(overall, "All staff types")},
    ]  # fmt: skip


def lowest_compliance(tallies: list, count: int) -> list:
    """The ``count`` groups with the lowest percentage (compliant now, or signed on time in
    a past cycle), lowest first, then by name."""
    ordered = sorted(tallies, key=lambda t: (t.percent is None, t.percent or 0, t.label.lower()))
    return ordered[:count]


def _relabel(tally, label: str):
    return type(tally)(**{**tally.__dict__, "label": label})


PEOPLE_COLUMNS = [
    "Name", "Email", "Team", "Staff type", "Line manager", "Declaration", "Due", "Days overdue",
]  # fmt: skip
PEOPLE_KEYS = [
    "name", "email", "team", "staff_type", "line_manager", "declaration", "due", "days_overdue",
]  # fmt: skip


def person_cells(row: OutstandingRow) -> list:
    """One declaration listed, as the cells of a row under ``PEOPLE_COLUMNS``."""
    person = row.person
    return [
        person.full_name,
        person.email,
        person.team.name if person.team else NO_TEAM,
        person.get_staff_type_display(),
        person.line_manager.full_name if person.line_manager else "",
        row.requirement.kind.name,
        row.due.isoformat(),
        row.days_overdue or "",
    ]


def tally_cells(tally) -> list:
    """A tally's figures as the cells of a table row, with a blank for a percentage of nobody."""
    return ["" if cell is None else cell for cell in tally.cells()]
