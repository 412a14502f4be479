"""Check a signed record file from the command line, as the verification page does."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.signing import format_fingerprint
from records.verification import NOT_ORGANISATION, VALID, verify_pdf

VERDICTS = {
    VALID: "VALID: a genuine record, signed by this organisation and unchanged",
    NOT_ORGANISATION: "NOT SIGNED BY THIS ORGANISATION: the signature is valid, but the "
    "certificate is not this organisation's",
    "invalid": "INVALID: this file cannot be trusted",
}


class Command(BaseCommand):
    help = (
        "Check a record PDF: whether its signature is valid, covers the whole file, was "
        "made by this organisation, and whether the portal holds exactly this file. "
        "Exits with status 1 unless the record is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PDF file to check.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        result = verify_pdf(data)
        self._report(result)
        if result.verdict != VALID:
            sys.exit(1)

    def _report(self, result) -> None:
        style = self.style.SUCCESS if result.verdict == VALID else self.style.ERROR
        self.stdout.write(style(VERDICTS[result.verdict]))
        for problem in result.problems:
            self.stdout.write(f"  - {problem}")
        if result.signer_subject:
            yes_no = {True: "yes", False: "no"}
            self.stdout.write(f"Signed with:          {result.signer_subject}")
            self.stdout.write(f"Issued by:            {result.signer_issuer}")
            self.stdout.write(f"Certificate SHA-256:  {format_fingerprint(result.signer_fingerprint)}")
            self.stdout.write(f"Signed at:            {result.signed_at or 'not stated'}")
            self.stdout.write(f"Covers whole file:    {yes_no[result.covers_whole_file]}")
            self.stdout.write(f"By this organisation: {yes_no[result.by_organisation]}")
        if result.record is not None:
            self.stdout.write(f"Portal holds it:      yes, record {result.record.reference}")
        else:
            self.stdout.write("Portal holds it:      no")
        self.stdout.write(f"File SHA-256:         {result.sha256}")
