"""Re-wrap every stored credential under the newest key in CREDENTIAL_KEYS."""

from django.core.management.base import BaseCommand, CommandError

from accounts_registry import crypto
from accounts_registry.vault import vault_rotate


class Command(BaseCommand):
    help = (
        "Re-wrap the data key of every stored credential under the newest key in "
        "CREDENTIAL_KEYS (the first one), then report how many credentials each key "
        "still wraps. Safe to run while the portal is in use, and to run again. An older "
        "key may be removed from CREDENTIAL_KEYS once this reports 0 for it."
    )

    def handle(self, *args, **options):
        try:
            configured = crypto.master_keys()
            counts = vault_rotate()
        except crypto.CredentialError as error:
            raise CommandError(str(error)) from None
        newest = next(iter(configured))
        for key_id, count in counts.items():
            state = "newest" if key_id == newest else "configured"
            if key_id not in configured:
                state = "NOT CONFIGURED"
            self.stdout.write(f"{key_id} ({state}): {_credentials(count)}")
        missing = {key_id: n for key_id, n in counts.items() if key_id not in configured}
        if missing:
            raise CommandError(
                "These keys wrap credentials but are not in CREDENTIAL_KEYS, so those "
                f"credentials cannot be read or re-wrapped: {_listing(missing)}. Add the keys "
                "back (after the newest) and run rotate_credential_keys again."
            )
        in_use = {key_id: n for key_id, n in counts.items() if key_id != newest and n}
        if in_use:
            # Only a process still running with the older configuration writes these.
            raise CommandError(
                f"Older keys still in use: {_listing(in_use)}. Restart every web, worker and "
                "beat process with the new CREDENTIAL_KEYS, then run this again."
            )
        unused = [key_id for key_id in configured if key_id != newest]
        message = f"Every credential is wrapped by the newest key, {newest!r}."
        if unused:
            keys = ", ".join(repr(key_id) for key_id in unused)
            message += (
                f" No credential uses {keys} any more: it can be removed from CREDENTIAL_KEYS."
            )
        self.stdout.write(self.style.SUCCESS(message))


def _credentials(count: int) -> str:
    return f"{count} credential" + ("" if count == 1 else "s")


def _listing(counts: dict[str, int]) -> str:
    return ", ".join(f"{key_id!r} ({_credentials(n)})" for key_id, n in counts.items())
