"""Replace the authority matrix, and the settings it fixes, with one organisation's preset."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from staff.authority_presets import DEFAULT_PRESET, PRESET_LABELS, PRESETS
from staff.models import AuthorityRule
from staff.services import authority_matrix_load


class Command(BaseCommand):
    help = (
        "Load who decides what from an organisation's policy, with the organisation settings "
        "it fixes (replaces the current matrix)."
    )

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
        self._list_steps(PRESETS[preset], verbose=options["verbosity"] > 1)

    def _list_steps(self, preset, *, verbose: bool) -> None:
        """Warn of the steps the policy does not set; with -v 2, list every step."""
        to_review = []
        for key, decision in preset.decisions.items():
            for order, step in enumerate(decision.steps, start=1):
                source = "not set by the policy" if step.review_needed else step.clause
                line = f"  {key} step {order}: {step.who} ({step.action}), {source}"
                if verbose:
                    self.stdout.write(line)
                if step.review_needed:
                    to_review.append(line)
        if to_review:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(to_review)} steps are not set by the policy: review them before use."
                )
            )
            if not verbose:
                self.stdout.write("\n".join(to_review))
