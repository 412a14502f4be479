"""What every CSV import shares: reading the uploaded file, its header and rows, and its
upload form.

An import (staff, devices) checks every row before anything changes. These pieces are
common to all of them: refusing a file that is not UTF-8 CSV text with a message that
says how to save it properly; reading the header and the rows, noting each line's
problems (``CsvRowsReader``); reading a choice or a date the way a person would write
it; the digest that ties a confirmation to the file previewed; and the form that takes
the upload within the size limit.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

SAVE_AS_CSV = "Save it from your spreadsheet as 'CSV UTF-8 (comma delimited)' and upload that."


class ImportFileError(Exception):
    """The file as a whole cannot be read (not text, not UTF-8, …)."""


def decode_csv(data: bytes) -> str:
    """The file as text, or ``ImportFileError`` if it is not UTF-8 CSV text."""
    if b"\x00" in data:
        raise ImportFileError(
            f"This is not a CSV text file (it may be a spreadsheet). {SAVE_AS_CSV}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"The file is not UTF-8 text. {SAVE_AS_CSV}") from error
    if not text.strip():
        raise ImportFileError("The file is empty.")
    return text


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def column_name(heading: str) -> str:
    """A heading as a column's name: "Holder e-mail " is ``holder_email``."""
    return "_".join(heading.strip().lower().replace("-", " ").split())


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def choice_key(value: str, choices, what: str) -> str:
    """The key of the choice named by its key or its label, whatever the case; a
    ``ValueError`` saying what the choices are otherwise."""
    wanted = column_name(value)
    for key, label in choices:
        if wanted in (key, column_name(label)):
            return key
    labels = ", ".join(str(label) for _, label in choices)
    raise ValueError(f"The {what} '{value}' is not one of: {labels}.")


def parse_date(value: str, what: str) -> dt.date:
    """A date written as YYYY-MM-DD or DD/MM/YYYY; a ``ValueError`` saying so otherwise."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"The {what} '{value}' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY.")


@dataclass
class RowError:
    """A bad line of the file: its number, what names it (``key``) and what is wrong."""

    line: int
    key: str
    reasons: list[str]


class CsvRowsReader:
    """Reads one import file's header and rows, noting the problems of each line.

    A subclass names its ``COLUMNS`` (``REQUIRED_COLUMNS`` among them), what the rows
    hold (``ROWS_NAME``, e.g. "people") and makes each row from its cells by column
    (``make_row``), reporting what is wrong with ``problem``. Line numbers are those a
    spreadsheet shows, counting the lines inside quoted cells.
    """

    COLUMNS: tuple[str, ...] = ()
    REQUIRED_COLUMNS: tuple[str, ...] = ()
    ROWS_NAME = "rows"

    def __init__(self, text: str):
        self.text = text
        self.problems: dict[int, list[str]] = {}
        self.keys: dict[int, str] = {}

    def make_row(self, line: int, raw: dict):
        raise NotImplementedError

    def problem(self, line: int, key: str, reason: str) -> None:
        self.problems.setdefault(line, []).append(reason)
        self.keys.setdefault(line, key)

    def errors(self) -> list[RowError]:
        return [
            RowError(line, self.keys.get(line, ""), reasons)
            for line, reasons in sorted(self.problems.items())
        ]

    def read(self) -> tuple[list[str] | None, list]:
        """The file's columns (None when its header is unusable) and its rows."""
        reader = csv.reader(io.StringIO(self.text, newline=""))
        header_line, columns = self._read_header(reader)
        if columns is None:
            return None, []
        rows = list(self._read_rows(reader, columns, header_line))
        if not rows and not self.problems:
            self.problem(header_line, "", f"The file has a header but no {self.ROWS_NAME}.")
        return columns, rows

    def _read_header(self, reader):
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            columns = [column_name(cell) for cell in cells]
            missing = [c for c in self.REQUIRED_COLUMNS if c not in columns]
            expected = ", ".join(self.COLUMNS)
            if missing and any("@" in cell for cell in cells):
                self.problem(
                    line, "", f"The first line must be a header naming the columns: {expected}."
                )
                return line, None
            for name in [c for c in columns if c and c not in self.COLUMNS]:
                self.problem(line, "", f"Unknown column '{name}'. The columns are: {expected}.")
            for name in missing:
                self.problem(line, "", f"The header has no '{name}' column; it is required.")
            for name in sorted({c for c in columns if c and columns.count(c) > 1}):
                self.problem(line, "", f"The column '{name}' appears more than once.")
            return line, (None if self.problems else columns)
        self.problem(1, "", "The file is empty.")
        return 1, None

    def _read_rows(self, reader, columns: list[str], header_line: int):
        previous_end = header_line
        try:
            for cells in reader:
                line = previous_end + 1
                previous_end = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                row = self._split_row(line, [cell.strip() for cell in cells], columns)
                if row is not None:
                    yield row
        except csv.Error as error:
            self.problem(previous_end + 1, "", f"This line cannot be read as CSV ({error}).")

    def _split_row(self, line: int, cells: list[str], columns: list[str]):
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            self.problem(
                line,
                "",
                f"This line has {len(cells)} values but the header names {len(columns)} columns.",
            )
            return None
        raw = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False))
        raw.pop("", None)
        return self.make_row(line, raw)


class CsvUploadForm(forms.Form):
    """A CSV file to import; ``cleaned_data["text"]`` is its text. Subclasses say what
    the file holds in ``file_label``."""

    file_label = "CSV file"
    file = forms.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.file_label
        self.fields["file"].help_text = (
            "A .csv file saved as UTF-8 text, with a header line, at most "
            f"{filesizeformat(settings.STAFF_IMPORT_MAX_BYTES)}."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.STAFF_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The file is {filesizeformat(upload.size)}; "
                f"the largest allowed is {filesizeformat(limit)}."
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError("Choose a CSV file (its name ends in .csv).")
        try:
            self.cleaned_data["text"] = decode_csv(upload.read())
        except ImportFileError as error:
            raise ValidationError(str(error)) from error
        return upload
