"""Generate the organisation's records certificate authority and signing certificate."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from records.signing import CA_FILE, CERT_FILE, KEY_FILE, clear_cache, write_certificates


class Command(BaseCommand):
    help = (
        "Generate a self-signed organisation certificate authority and an EC P-256 "
        "signing certificate for signed records (what the embedded deployment uses). "
        "Refuses to replace existing files without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(settings.RECORDS_SIGNING_DIR),
            help="Where to write the files (default: %(default)s).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace existing files. Records signed before stay valid but their "
            "certificate is no longer the current one.",
        )

    def handle(self, *args, directory, force, **options):
        target = Path(directory)
        try:
            write_certificates(target, force=force)
        except FileExistsError as exc:
            raise CommandError(f"{exc}. Use --force to replace it.") from exc
        clear_cache()
        self.stdout.write(self.style.SUCCESS(f"Signing certificate written to {target}"))
        self.stdout.write(f"  organisation CA:     {target / CA_FILE}")
        self.stdout.write(f"  signing certificate: {target / CERT_FILE}")
        self.stdout.write(f"  signing key:         {target / KEY_FILE} (readable by this user only)")
        if target != Path(settings.RECORDS_SIGNING_DIR):
            self.stdout.write(
                "To use them, set RECORDS_SIGNING_KEY, RECORDS_SIGNING_CERT and "
                "RECORDS_SIGNING_CHAIN to these paths."
            )
