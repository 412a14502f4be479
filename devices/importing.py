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

from dataclasses import dataclass, field

from django.utils import timezone

from kernel.csvimport import CsvRowsReader, RowError, choice_key, parse_date
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
MAX_LENGTHS = {"asset_tag": 60, "serial": 100, "model": 150, "notes": 2000}
Status = Device.Status


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


class _Validator(CsvRowsReader):
    """Checks one file's rows against each other and against the register."""

    COLUMNS = COLUMNS
    REQUIRED_COLUMNS = REQUIRED_COLUMNS
    ROWS_NAME = "devices"

    def run(self) -> ImportResult:
        _columns, rows = self.read()
        self._check_asset_tags(rows)
        self._find_people_and_teams(rows)
        errors = self.errors()
        good = [row for row in rows if row.line not in self.problems]
        return ImportResult(rows=[] if errors else good, errors=errors)

    def make_row(self, line: int, raw: dict) -> ImportRow:
        values, reasons = _row_values(raw)
        for reason in reasons:
            self.problem(line, values["asset_tag"], reason)
        return ImportRow(line=line, values=values)

    def _check_asset_tags(self, rows: list[ImportRow]) -> None:
        first_line: dict[str, int] = {}
        for row in rows:
            tag = row.asset_tag.lower()
            if not tag:
                continue
            if tag in first_line:
                self.problem(
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
                self.problem(row.line, row.asset_tag, "This asset tag is already on the register.")

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
                    self.problem(
                        row.line, row.asset_tag, f"Nobody on the staff list has the email {email}."
                    )
                elif not person.can_sign_in:
                    self.problem(
                        row.line,
                        row.asset_tag,
                        f"{person.full_name} ({email}) is no longer active.",
                    )
                row.values["holder"] = person
            name = row.values.get("pool_team")
            if name:
                team = teams.get(name.lower())
                if team is None:
                    self.problem(row.line, row.asset_tag, f"There is no team called '{name}'.")
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
            values["kind"] = choice_key(raw["kind"], DeviceKind.choices, "kind of device")
        except ValueError as error:
            reasons.append(str(error))
    held = bool(values["holder"] or values["pool_team"])
    values["status"] = Status.ISSUED if held else Status.IN_STOCK
    if raw.get("status"):
        try:
            values["status"] = choice_key(raw["status"], Status.choices, "status")
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
            values["issued_on"] = parse_date(raw["issued_on"], "issue date")
        except ValueError as error:
            reasons.append(str(error))
        else:
            if values["issued_on"] > timezone.localdate():
                reasons.append("The issue date is in the future.")
    return values, reasons


def validate_devices_csv(text: str) -> ImportResult:
    """Check every row of a devices CSV; the result lists each bad row, or the rows to import."""
    return _Validator(text).run()
