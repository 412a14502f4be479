"""Print a fresh CREDENTIAL_KEYS entry for an operator to configure."""

from django.core.management.base import BaseCommand, CommandError

from accounts_registry import crypto


class Command(BaseCommand):
    help = (
        "Print a new entry for CREDENTIAL_KEYS: <key id>:<base64 of 32 random bytes>. "
        "Nothing is stored: put it first in CREDENTIAL_KEYS, keep a copy with the "
        "organisation's other secrets, restart, then run rotate_credential_keys."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "key_id", help="A name for the key, e.g. 2026-06 (letters, digits, . _ -)"
        )

    def handle(self, *args, key_id, **options):
        try:
            configured = crypto.master_keys()
        except crypto.CredentialError:
            configured = {}  # a broken configuration is what a new key may be for
        if key_id in configured:
            raise CommandError(f"{key_id!r} is already in CREDENTIAL_KEYS: choose another id.")
        try:
            self.stdout.write(crypto.new_master_key(key_id))
        except crypto.CredentialError as error:
            raise CommandError(str(error)) from None
