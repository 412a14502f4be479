"""Create the demonstration organisation and print how to sign in as each role."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts_registry.demo import accounts_demo_seed
from approvals.demo import requests_demo_seed
from declarations.demo import declarations_demo_seed
from devices.demo import devices_demo_seed
from leavers.demo import leavers_demo_seed
from staff.demo import DEFAULT_DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = (
        "Create a demonstration organisation of about forty staff in six teams, with every "
        "role held and the default authority matrix. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with PORTAL_DEPLOYMENT=production (it creates real sign-ins)",
        )

    def handle(self, *args, force: bool, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                "This is a production deployment: demo accounts with a published password "
                "would be a way in. Use --force only on a throw-away installation."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        report = demo_seed(password=password)
        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Created {report.created} demo staff."))
        else:
            self.stdout.write("The demo staff already exist; nothing was changed.")
        if report.matrix_loaded:
            self.stdout.write("Loaded the default authority matrix.")
        self._seed_declarations()
        self._seed_devices()
        self._seed_requests()
        self._seed_accounts()
        self._seed_leavers()
        self._print_sign_in(report, password)

    def _seed_declarations(self):
        seeded = declarations_demo_seed()
        if seeded.created_anything:
            self.stdout.write(
                f"Added declarations: {seeded.policies} policies, {seeded.kinds} kinds, "
                f"{seeded.device_holders} device holders, {seeded.requirements} requirements "
                f"and {seeded.declarations} signed declarations."
            )

    def _seed_devices(self):
        seeded = devices_demo_seed()
        if seeded.laptops:
            self.stdout.write(
                f"Added {seeded.laptops} laptops, two of them shared by a team "
                f"({seeded.pool_users} people named on them)."
            )

    def _seed_requests(self):
        seeded = requests_demo_seed()
        if seeded.created:
            states = ", ".join(f"{count} {status}" for status, count in sorted(seeded.by_status.items()))
            self.stdout.write(f"Added {seeded.created} requests: {states}.")

    def _seed_accounts(self):
        seeded = accounts_demo_seed()
        if seeded.created:
            states = ", ".join(
                f"{count} {status}" for status, count in sorted(seeded.by_status.items())
            )
            self.stdout.write(f"Added {seeded.created} social-media accounts: {states}.")

    def _seed_leavers(self):
        seeded = leavers_demo_seed()
        if seeded.cases:
            self.stdout.write(
                f"Started a leaver case: {seeded.done} of its {seeded.items} items done."
            )

    def _print_sign_in(self, report, password):
        who_width = max(len(who) for who, _, _ in report.sign_in)
        name_width = max(len(name) for _, name, _ in report.sign_in)
        self.stdout.write("")
        self.stdout.write("Sign in as:")
        self.stdout.write(f"  {'Role':<{who_width}}  {'Name':<{name_width}}  Email")
        for who, name, email in report.sign_in:
            self.stdout.write(f"  {who:<{who_width}}  {name:<{name_width}}  {email}")
        if report.created:
            self.stdout.write(f"\nPassword for every demo account: {password}")
        else:
            self.stdout.write("\nPasswords were set when the demo staff were first created.")
        self.stdout.write(
            self.style.WARNING(
                "Everyone with a role (all but the first two above) must set up an "
                "authenticator app at their first sign-in before they can use that role."
            )
        )
