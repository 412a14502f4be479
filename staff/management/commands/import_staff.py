"""Import staff from a CSV file, exactly as the import page does."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kernel.csvimport import ImportFileError, decode_csv
from staff.importing import validate_staff_csv
from staff.services import staff_import


class Command(BaseCommand):
    help = (
        "Import staff, their teams and line managers from a CSV file. Every row is checked "
        "first; if any is bad, each bad line is listed and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file, UTF-8, with a header line")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would change"
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            text = decode_csv(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        result = validate_staff_csv(text)
        if not result.ok:
            for error in result.errors:
                for reason in error.reasons:
                    self.stderr.write(f"line {error.line}: {reason}")
            raise CommandError(
                f"{len(result.errors)} line(s) of {file} have problems. Nothing was imported."
            )
        teams = ", ".join(result.teams_to_create) or "none"
        self.stdout.write(
            f"{result.new_count} new, {result.updated_count} updated, "
            f"{result.unchanged_count} unchanged; teams to create: {teams}."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was imported.")
            return
        summary = staff_import(rows=result.rows, actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {summary.created} new, {summary.updated} updated, "
                f"{summary.unchanged} unchanged."
            )
        )
