"""What every CSV import shares: reading the uploaded file as text, and its upload form.

An import (staff, devices) checks every row before anything changes; these pieces
come before that: refusing a file that is not UTF-8 CSV text with a message that says
how to save it properly, the digest that ties a confirmation to the file previewed,
and the form that takes the upload within the size limit.
"""

from __future__ import annotations

import hashlib

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
        raise ImportFileError(f"This is not a CSV text file (it may be a spreadsheet). {SAVE_AS_CSV}")
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
