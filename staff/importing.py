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

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kernel.csvimport import column_name

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
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_LENGTHS = {"full_name": 150, "job_title": 150, "team": 120, "email": 254}


@dataclass
class RowError:
    line: int
    email: str
    reasons: list[str]

    @property
    def key(self) -> str:
        """What names the row to the person correcting the file."""
        return self.email


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


def _staff_type(value: str) -> str:
    wanted = column_name(value)
    for key, label in StaffType.choices:
        if wanted in (key, column_name(label)):
            return key
    labels = ", ".join(label for _, label in StaffType.choices)
    raise ValueError(f"staff type '{value}' is not one of: {labels}")


def _date(value: str, label: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{label} '{value}' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY")


class _Validator:
    """Checks one file's rows against each other and against the staff already here."""

    def __init__(self, text: str):
        self.text = text
        self.result = ImportResult()
        self.problems: dict[int, list[str]] = {}
        self.emails: dict[int, str] = {}

    def run(self) -> ImportResult:
        reader = csv.reader(io.StringIO(self.text, newline=""))
        header_line, columns = self._read_header(reader)
        if columns is None:
            return self._finish()
        self.result.columns = columns
        rows = list(self._read_rows(reader, columns, header_line))
        if not rows and not self.problems:
            self._problem(header_line, "", "The file has a header but no people.")
        self._check_duplicates(rows)
        self._match_existing(rows)
        self._check_references(rows)
        self._check_reporting_loops(rows)
        self._find_new_teams(rows)
        self.result.rows = [row for row in rows if row.line not in self.problems]
        return self._finish()

    def _problem(self, line: int, email: str, reason: str) -> None:
        self.problems.setdefault(line, []).append(reason)
        self.emails.setdefault(line, email)

    def _finish(self) -> ImportResult:
        self.result.errors = [
            RowError(line, self.emails.get(line, ""), reasons)
            for line, reasons in sorted(self.problems.items())
        ]
        if self.result.errors:
            self.result.rows = []
        return self.result

    def _read_header(self, reader):
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            columns = [column_name(cell) for cell in cells]
            unknown = [c for c in columns if c and c not in COLUMNS]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            repeated = sorted({c for c in columns if c and columns.count(c) > 1})
            expected = ", ".join(COLUMNS)
            if missing and any("@" in cell for cell in cells):
                self._problem(
                    line, "", f"The first line must be a header naming the columns: {expected}."
                )
                return line, None
            for name in unknown:
                self._problem(line, "", f"Unknown column '{name}'. The columns are: {expected}.")
            for name in missing:
                self._problem(line, "", f"The header has no '{name}' column; it is required.")
            for name in repeated:
                self._problem(line, "", f"The column '{name}' appears more than once.")
            return line, (None if self.problems else columns)
        self._problem(1, "", "The file is empty.")
        return 1, None

    def _read_rows(self, reader, columns, header_line):
        previous_end = header_line
        try:
            for cells in reader:
                line = previous_end + 1
                previous_end = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                row = self._parse_row(line, cells, columns)
                if row is not None:
                    yield row
        except csv.Error as error:
            self._problem(previous_end + 1, "", f"This line cannot be read as CSV ({error}).")

    def _parse_row(self, line: int, cells: list[str], columns: list[str]) -> ImportRow | None:
        cells = [cell.strip() for cell in cells]
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            self._problem(
                line,
                "",
                f"This line has {len(cells)} values but the header names {len(columns)} columns.",
            )
            return None
        raw = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False))
        raw.pop("", None)
        email = raw["email"].lower()
        values, reasons = _row_values(raw, email)
        for reason in reasons:
            self._problem(line, email, reason)
        return ImportRow(line=line, email=email, values=values)

    def _check_duplicates(self, rows: list[ImportRow]) -> None:
        first_line: dict[str, int] = {}
        for row in rows:
            if not row.email:
                continue
            if row.email in first_line:
                self._problem(
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
                self._problem(row.line, row.email, reason)

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
                self._problem(row.line, row.email, reporting_loop_message(chain + [row.email]))

    def _find_new_teams(self, rows: list[ImportRow]) -> None:
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
        self.result.teams_to_create = sorted(new.values())


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
            values["staff_type"] = _staff_type(raw["staff_type"])
        except ValueError as error:
            reasons.append(f"The {error}.")
    for name, label in (("start_date", "Start date"), ("leaving_date", "Leaving date")):
        if name in raw:
            values[name] = None
            if raw[name]:
                try:
                    values[name] = _date(raw[name], label)
                except ValueError as error:
                    reasons.append(f"The {str(error)[0].lower()}{str(error)[1:]}.")
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
