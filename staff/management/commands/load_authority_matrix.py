"""Replace the authority matrix with one organisation's preset."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from staff.authority_presets import DEFAULT_PRESET, PRESET_LABELS, PRESETS
from staff.models import AuthorityRule
from staff.services import authority_matrix_load


class Command(BaseCommand):
    help = "Load who decides what from an organisation's policy (replaces the current matrix)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--preset",
            default=DEFAULT_PRESET,
            choices=sorted(PRESETS),
            help=f"Which organisation's policy (default: {DEFAULT_PRESET})",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the portal already has an authority matrix (for deployments).",
        )

    def handle(self, *args, preset: str, if_empty: bool = False, **options):
        if if_empty and AuthorityRule.objects.exists():
            self.stdout.write("The authority matrix is already set: left as it is.")
            return
        try:
            count = authority_matrix_load(preset=PRESETS[preset], actor=None, name=preset)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {count} decisions from the policy of {PRESET_LABELS[preset]}."
            )
        )
