"""Check that no audit event has been changed, removed or re-ordered."""

import sys

from django.core.management.base import BaseCommand

from audit.chain import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Walk the whole audit trail and check every hash link. "
        "Exits with status 1 and names the first broken event if the chain is broken."
    )

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if report.ok:
            noun = "event" if report.checked == 1 else "events"
            self.stdout.write(
                self.style.SUCCESS(f"Audit trail intact: {report.checked} {noun} checked")
            )
            return
        self.stderr.write(self.style.ERROR(self._describe_break(report)))
        sys.exit(1)

    @staticmethod
    def _describe_break(report) -> str:
        event = report.event
        found = (
            f"id {event.pk}, {event.occurred_at.isoformat(timespec='seconds')}, {event.action}"
            if event is not None
            else "no event"
        )
        if event is not None and event.seq != report.broken_seq:
            where = f"before event seq {event.seq} ({found})"
        else:
            where = f"at event seq {report.broken_seq} ({found})"
        intact = {0: "", 1: " The event before it is intact."}.get(
            report.checked, f" The {report.checked} events before it are intact."
        )
        return f"Audit trail broken {where}: {report.reason}.{intact}"
