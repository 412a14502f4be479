"""Forms of the records pages."""

import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

REFERENCE_PATTERN = re.compile(r"^[A-Z]{3}-\d{4}-\d{6}$")


def _too_large() -> forms.ValidationError:
    limit = settings.RECORDS_VERIFY_MAX_BYTES
    return forms.ValidationError(f"The file is larger than {filesizeformat(limit)}; records are much smaller.")


class VerifyForm(forms.Form):
    """Upload a record file, or type its reference."""

    file = forms.FileField(
        label="Record file",
        required=False,
        help_text="The PDF you were given or downloaded.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    reference = forms.CharField(
        label="Or its reference",
        required=False,
        max_length=32,
        help_text="Printed at the foot of every page, for example DEC-2026-000123.",
    )

    def __init__(self, *args, upload_too_large: bool = False, **kwargs):
        """``upload_too_large``: the request was refused by its size, unread (the view
        then binds the form to nothing but this)."""
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large

    def clean_file(self):
        if self.upload_too_large:
            raise _too_large()
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > settings.RECORDS_VERIFY_MAX_BYTES:
            raise _too_large()
        upload.seek(0)
        if upload.read(5) != b"%PDF-":
            raise forms.ValidationError("The file is not a PDF. Choose the record's PDF file.")
        upload.seek(0)
        return upload

    def clean_reference(self):
        reference = self.cleaned_data.get("reference", "").strip().upper()
        if reference and not REFERENCE_PATTERN.match(reference):
            raise forms.ValidationError(
                "Enter a reference like DEC-2026-000123: three letters, the year and six digits."
            )
        return reference

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("reference"):
            raise forms.ValidationError("Choose a record file to upload, or type its reference.")
        return cleaned
