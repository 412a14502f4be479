"""Create var/, its folders, its secret keys and its credential key for the embedded deployment."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.embedded import embedded_prepare


class Command(BaseCommand):
    help = (
        "Create the var folder, the secret keys, the credential key and the email, static "
        "and broker folders the embedded deployment uses. Safe to run again: nothing that "
        "exists changes."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "prepare_embedded is for the embedded deployment only: in production the "
                "secrets come from the environment and collectstatic makes STATIC_ROOT."
            )
        for path in embedded_prepare():
            if options["verbosity"] >= 1:
                self.stdout.write(f"Created {path}")
