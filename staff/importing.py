"""Reading and checking a CSV file of staff, their teams and line managers.

Every row is checked before anything changes: if any row is bad, the result
lists each bad row with its line number and the reasons, and nothing is
imported. Nothing here writes: a good file is applied by
``services.staff_import`` in one transaction.

Columns (a header line naming them is required; only ``email`` and
``full_name`` must be present): see ``COLUMNS``. People already in the portal
are matched by email and updated. A column left out of the file leaves that
field alone; a column present with an empty cell clears it, except the staff
type, which stays as it is (or Permanent for someone new).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kernel.csvimport import CsvRowsReader, RowError, choice_key, parse_date

from .models import StaffType, Team, User
from .services import reporting_loop_message

COLUMNS = (
    "email",
    "full_name",
    "job_title",
    "team",
    "staff_type",
    "line_manager_email",
    "start_date",
    "leaving_date",
    "mailbox_nominee_email",
)
REQUIRED_COLUMNS = ("email", "full_name")
MAX_LENGTHS = {"full_name": 150, "job_title": 150, "team": 120, "email": 254}


@dataclass
class ImportRow:
    """One good row: the values to set (for the columns in the file) and what changes."""

    line: int
    email: str
    values: dict
    existing: User | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.existing is None:
            return "new"
        return "updated" if self.changes else "unchanged"


@dataclass
class ImportResult:
    columns: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    teams_to_create: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def updated_count(self) -> int:
        return self.count("updated")

    @property
    def unchanged_count(self) -> int:
        return self.count("unchanged")


class _Validator(CsvRowsReader):
    """Checks one file's rows against each other and against the staff already here."""

    COLUMNS = COLUMNS
    REQUIRED_COLUMNS = REQUIRED_COLUMNS
    ROWS_NAME = "people"

    def run(self) -> ImportResult:
        result = ImportResult()
        columns, rows = self.read()
        if columns is not None:
            result.columns = columns
            self._check_duplicates(rows)
            self._match_existing(rows)
            self._check_references(rows)
            self._check_reporting_loops(rows)
            self._find_new_teams(rows, result)
        result.errors = self.errors()
        result.rows = [] if result.errors else rows
        return result

    def make_row(self, line: int, raw: dict) -> ImportRow:
        email = raw["email"].lower()
        values, reasons = _row_values(raw, email)
        for reason in reasons:
            self.problem(line, email, reason)
        return ImportRow(line=line, email=email, values=values)

    def _check_duplicates(self, rows: list[ImportRow]) -> None:
        first_line: dict[str, int] = {}
        for row in rows:
            if not row.email:
                continue
            if row.email in first_line:
                self.problem(
                    row.line,
                    row.email,
                    f"This email address is also on line {first_line[row.email]}.",
                )
            else:
                first_line[row.email] = row.line

    def _match_existing(self, rows: list[ImportRow]) -> None:
        emails = {row.email for row in rows}
        references = {
            row.values.get(name)
            for row in rows
            for name in ("line_manager_email", "mailbox_nominee_email")
        } - {None, ""}
        self.staff = {
            user.email: user
            for user in User.objects.select_related(
                "team", "line_manager", "mailbox_nominee"
            ).filter(email__in=emails | references)
        }
        for row in rows:
            row.existing = self.staff.get(row.email)
            if row.existing is not None:
                row.changes = _changes(row.existing, row.values)

    def _check_references(self, rows: list[ImportRow]) -> None:
        in_file = {row.email for row in rows}
        labels = {"line_manager_email": "line manager", "mailbox_nominee_email": "mailbox nominee"}
        for row in rows:
            for name, label in labels.items():
                email = row.values.get(name)
                if not email or email in in_file:
                    continue
                person = self.staff.get(email)
                if person is None:
                    reason = f"The {label} {email} is not in this file and not among current staff."
                elif not person.can_sign_in:
                    reason = f"The {label} {email} is no longer active."
                else:
                    continue
                self.problem(row.line, row.email, reason)

    def _check_reporting_loops(self, rows: list[ImportRow]) -> None:
        managers = {row.email: _manager_email(row) for row in rows}

        def manager_of(email):
            if email not in managers:
                person = User.objects.filter(email=email).values("line_manager__email").first()
                managers[email] = person["line_manager__email"] if person else None
            return managers[email]

        for row in rows:
            chain = [row.email]
            manager = manager_of(row.email)
            while manager is not None and manager not in chain:
                chain.append(manager)
                manager = manager_of(manager)
            if manager == row.email and len(chain) > 1:
                self.problem(row.line, row.email, reporting_loop_message(chain + [row.email]))

    def _find_new_teams(self, rows: list[ImportRow], result: ImportResult) -> None:
        names = {row.values["team"] for row in rows if row.values.get("team")}
        existing = {
            name.lower()
            for name in Team.objects.filter(name__in=names).values_list("name", flat=True)
        }
        if names and len(existing) < len(names):
            # Team names match whatever their case; the exact query above may miss some.
            existing |= {t.lower() for t in Team.objects.values_list("name", flat=True)}
        new = {}
        for name in sorted(names):
            if name.lower() not in existing:
                new.setdefault(name.lower(), name)
        result.teams_to_create = sorted(new.values())


def _row_values(raw: dict, email: str) -> tuple[dict, list[str]]:
    """The typed values of one row, and the reasons it is bad (if any)."""
    values: dict = {"email": email}
    reasons = []
    domain = settings.ORGANISATION_EMAIL_DOMAIN.lower()
    if not email:
        reasons.append("The email address is missing.")
    else:
        try:
            validate_email(email)
            if email.rsplit("@", 1)[1] != domain:
                reasons.append(f"The email address {email} is not an @{domain} address.")
        except ValidationError:
            reasons.append(f"'{raw['email']}' is not an email address.")
    if not raw["full_name"]:
        reasons.append("The full name is missing.")
    for name, limit in MAX_LENGTHS.items():
        if len(raw.get(name, "")) > limit:
            reasons.append(f"The {name.replace('_', ' ')} is longer than {limit} characters.")
    for name in ("full_name", "job_title", "team"):
        if name in raw:
            values[name] = " ".join(raw[name].split())
    if raw.get("staff_type"):
        try:
            values["staff_type"] = choice_key(raw["staff_type"], StaffType.choices, "staff type")
        except ValueError as error:
            reasons.append(str(error))
    for name in ("start_date", "leaving_date"):
        if name in raw:
            values[name] = None
            if raw[name]:
                try:
                    values[name] = parse_date(raw[name], name.replace("_", " "))
                except ValueError as error:
                    reasons.append(str(error))
    start, leaving = values.get("start_date"), values.get("leaving_date")
    if start and leaving and leaving < start:
        reasons.append("The leaving date is before the start date.")
    for name, label in (
        ("line_manager_email", "line manager"),
        ("mailbox_nominee_email", "mailbox nominee"),
    ):
        if name in raw:
            values[name] = raw[name].lower()
            if values[name] and values[name] == email:
                reasons.append(f"A person cannot be their own {label}.")
    return values, reasons


def _manager_email(row: ImportRow) -> str | None:
    if "line_manager_email" in row.values:
        return row.values["line_manager_email"] or None
    if row.existing is not None and row.existing.line_manager is not None:
        return row.existing.line_manager.email
    return None


def _changes(user: User, values: dict) -> list[str]:
    """Which fields of an existing person this row would change."""
    current = {
        "full_name": user.full_name,
        "job_title": user.job_title,
        "team": user.team.name if user.team else "",
        "staff_type": user.staff_type,
        "start_date": user.start_date,
        "leaving_date": user.leaving_date,
        "line_manager_email": user.line_manager.email if user.line_manager else "",
        "mailbox_nominee_email": user.mailbox_nominee.email if user.mailbox_nominee else "",
    }
    changed = []
    for name, old in current.items():
        if name not in values:
            continue
        new = values[name]
        if name == "team":
            old, new = old.lower(), (new or "").lower()
        if old != new:
            changed.append(name.removesuffix("_email").replace("_", " "))
    return changed


def validate_staff_csv(text: str) -> ImportResult:
    """Check every row of a staff CSV; the result lists each bad row, or the rows to import."""
    return _Validator(text).run()
