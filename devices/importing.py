"""Reading and checking a CSV file of an existing inventory of devices.

Every row is checked before anything changes: if any row is bad, the result lists
each bad row with its line number and the reasons, and nothing is imported.
Nothing here writes: a good file is applied by ``services.devices_import`` in one
transaction.

A header line naming the columns is required (``COLUMNS``); only ``asset_tag`` and
``kind`` must be present. Each row is a device not yet on the register (asset tags
match whatever their case). A device issued to a person names them by work email
(``holder_email``); a pool device names its team (``pool_team``). The status, when
left out, is "issued" for a device with a holder or a pool team and "in stock"
otherwise. The import records what is already true, so the checks made when a
device is issued (signed declarations, staff types) do not apply to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import timezone

from kernel.csvimport import column_name
from staff.models import Team, User

from .models import Device, DeviceKind

COLUMNS = (
    "asset_tag",
    "kind",
    "serial",
    "model",
    "status",
    "holder_email",
    "pool_team",
    "issued_on",
    "notes",
)
REQUIRED_COLUMNS = ("asset_tag", "kind")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_LENGTHS = {"asset_tag": 60, "serial": 100, "model": 150, "notes": 2000}
Status = Device.Status


@dataclass
class RowError:
    line: int
    asset_tag: str
    reasons: list[str]

    @property
    def key(self) -> str:
        """What names the row to the person correcting the file."""
        return self.asset_tag


@dataclass
class ImportRow:
    """One good row: the device's fields (``holder`` a User, ``pool_team`` a Team)."""

    line: int
    values: dict

    @property
    def asset_tag(self) -> str:
        return self.values["asset_tag"]

    @property
    def kind_label(self) -> str:
        return DeviceKind(self.values["kind"]).label

    @property
    def status_label(self) -> str:
        return Status(self.values["status"]).label


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.values["status"] == status)


def _choice(value: str, choices, what: str) -> str:
    """The key of the choice named by its key or its label, whatever the case."""
    wanted = column_name(value)
    for key, label in choices:
        if wanted in (key, column_name(label)):
            return key
    labels = ", ".join(str(label) for _, label in choices)
    raise ValueError(f"The {what} '{value}' is not one of: {labels}.")


def _date(value: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        f"The issue date '{value}' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY."
    )


class _Validator:
    """Checks one file's rows against each other and against the register."""

    def __init__(self, text: str):
        self.text = text
        self.problems: dict[int, list[str]] = {}
        self.tags: dict[int, str] = {}

    def run(self) -> ImportResult:
        reader = csv.reader(io.StringIO(self.text, newline=""))
        header_line, columns = self._read_header(reader)
        rows: list[ImportRow] = []
        if columns is not None:
            rows = list(self._read_rows(reader, columns, header_line))
            if not rows and not self.problems:
                self._problem(header_line, "", "The file has a header but no devices.")
            self._check_asset_tags(rows)
            self._find_people_and_teams(rows)
        errors = [
            RowError(line, self.tags.get(line, ""), reasons)
            for line, reasons in sorted(self.problems.items())
        ]
        good = [row for row in rows if row.line not in self.problems]
        return ImportResult(rows=[] if errors else good, errors=errors)

    def _problem(self, line: int, asset_tag: str, reason: str) -> None:
        self.problems.setdefault(line, []).append(reason)
        self.tags.setdefault(line, asset_tag)

    def _read_header(self, reader):
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            columns = [column_name(cell) for cell in cells]
            expected = ", ".join(COLUMNS)
            for name in [c for c in columns if c and c not in COLUMNS]:
                self._problem(line, "", f"Unknown column '{name}'. The columns are: {expected}.")
            for name in [c for c in REQUIRED_COLUMNS if c not in columns]:
                self._problem(line, "", f"The header has no '{name}' column; it is required.")
            for name in sorted({c for c in columns if c and columns.count(c) > 1}):
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
                row = self._parse_row(line, [cell.strip() for cell in cells], columns)
                if row is not None:
                    yield row
        except csv.Error as error:
            self._problem(previous_end + 1, "", f"This line cannot be read as CSV ({error}).")

    def _parse_row(self, line: int, cells: list[str], columns: list[str]) -> ImportRow | None:
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            self._problem(
                line,
                "",
                f"This line has {len(cells)} values but the header names {len(columns)} columns.",
            )
            return None
        raw = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False))
        raw.pop("", None)
        values, reasons = _row_values(raw)
        for reason in reasons:
            self._problem(line, values["asset_tag"], reason)
        return ImportRow(line=line, values=values)

    def _check_asset_tags(self, rows: list[ImportRow]) -> None:
        first_line: dict[str, int] = {}
        for row in rows:
            tag = row.asset_tag.lower()
            if not tag:
                continue
            if tag in first_line:
                self._problem(
                    row.line, row.asset_tag, f"This asset tag is also on line {first_line[tag]}."
                )
            else:
                first_line[tag] = row.line
        tags = [row.asset_tag for row in rows if row.asset_tag]
        known = {
            tag.lower()
            for tag in Device.objects.filter(asset_tag__in=tags).values_list("asset_tag", flat=True)
        }
        if len(known) < len(set(first_line)):
            # Asset tags match whatever their case; the exact query above may miss some.
            lowered = {tag.lower() for tag in tags}
            for tag in Device.objects.values_list("asset_tag", flat=True).iterator():
                if tag.lower() in lowered:
                    known.add(tag.lower())
        for row in rows:
            if row.asset_tag.lower() in known:
                self._problem(row.line, row.asset_tag, "This asset tag is already on the register.")

    def _find_people_and_teams(self, rows: list[ImportRow]) -> None:
        emails = {row.values["holder"] for row in rows if row.values.get("holder")}
        people = {
            user.email.lower(): user
            for user in User.objects.filter(email__in=emails).select_related("team")
        }
        teams = {team.name.lower(): team for team in Team.objects.all()}
        for row in rows:
            email = row.values.get("holder")
            if email:
                person = people.get(email)
                if person is None:
                    self._problem(
                        row.line, row.asset_tag, f"Nobody on the staff list has the email {email}."
                    )
                elif not person.can_sign_in:
                    self._problem(
                        row.line,
                        row.asset_tag,
                        f"{person.full_name} ({email}) is no longer active.",
                    )
                row.values["holder"] = person
            name = row.values.get("pool_team")
            if name:
                team = teams.get(name.lower())
                if team is None:
                    self._problem(row.line, row.asset_tag, f"There is no team called '{name}'.")
                row.values["pool_team"] = team


def _row_values(raw: dict) -> tuple[dict, list[str]]:
    """The typed values of one row, and the reasons it is bad (if any)."""
    reasons = []
    values: dict = {
        "asset_tag": raw["asset_tag"],
        "serial": raw.get("serial", ""),
        "model": raw.get("model", ""),
        "notes": raw.get("notes", ""),
        "holder": raw.get("holder_email", "").lower() or None,
        "pool_team": " ".join(raw.get("pool_team", "").split()) or None,
        "issued_on": None,
    }
    if not values["asset_tag"]:
        reasons.append("The asset tag is missing.")
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            reasons.append(f"The {name.replace('_', ' ')} is longer than {limit} characters.")
    values["kind"] = ""
    if not raw["kind"]:
        reasons.append("The kind of device is missing.")
    else:
        try:
            values["kind"] = _choice(raw["kind"], DeviceKind.choices, "kind of device")
        except ValueError as error:
            reasons.append(str(error))
    held = bool(values["holder"] or values["pool_team"])
    values["status"] = Status.ISSUED if held else Status.IN_STOCK
    if raw.get("status"):
        try:
            values["status"] = _choice(raw["status"], Status.choices, "status")
        except ValueError as error:
            reasons.append(str(error))
    if values["holder"] and values["pool_team"]:
        reasons.append("A device is issued to a person or to a team's pool, not both.")
    if values["status"] == Status.ISSUED and not held:
        reasons.append("An issued device needs a holder_email or a pool_team.")
    if held and values["status"] != Status.ISSUED:
        reasons.append("Only an issued device has a holder or a pool team; leave them empty.")
    if raw.get("issued_on"):
        try:
            values["issued_on"] = _date(raw["issued_on"])
        except ValueError as error:
            reasons.append(str(error))
        else:
            if values["issued_on"] > timezone.localdate():
                reasons.append("The issue date is in the future.")
    return values, reasons


def validate_devices_csv(text: str) -> ImportResult:
    """Check every row of a devices CSV; the result lists each bad row, or the rows to import."""
    return _Validator(text).run()
