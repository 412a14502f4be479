"""A leaver case for the demonstration organisation, half done.

Harriet Lowe, the youth commission coordinator, leaves in three weeks (staff/demo.py).
Her line manager, Jamal Edwards, has started her case: the checklist covers her
network and email accounts, the devices she holds, her mailbox, the register account
she owns and those she can reach. Her manager has dealt with the mailbox and the
communications team with her access to the other accounts; the IT service desk and the
hand-over of her own account are still to do. As in the other demos, the demo's role
holders have no authenticator app yet, so for the seeding only they are treated as
having one.

``leavers_demo_seed`` runs once: if she has a case, it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from staff.models import User

from .models import CaseItem, LeaverCase
from .services import case_item_complete, case_open

LEAVER, MANAGER = "Harriet Lowe", "Jamal Edwards"
DONE_BY = {
    CaseItem.What.MAILBOX: (MANAGER, "Jamal takes her mailbox for three months; auto-reply set."),
    CaseItem.What.ACCOUNT_ACCESS: ("Nadia Hussain", "Access removed; password change requested."),
}


@dataclass
class LeaversSeedReport:
    cases: int = 0
    items: int = 0
    done: int = 0


@transaction.atomic
def leavers_demo_seed() -> LeaversSeedReport:
    """Harriet Lowe's leaver case with some items done; nothing if she has one already."""
    report = LeaversSeedReport()
    people = {person.full_name: person for person in User.objects.current()}
    leaver = people.get(LEAVER)
    if leaver is None or leaver.leaving_date is None or MANAGER not in people:
        return report
    if LeaverCase.objects.filter(person=leaver).exists():
        return report
    for person in people.values():
        person._has_mfa = True  # see the module docstring
    case = case_open(
        person=leaver,
        last_day=leaver.leaving_date,
        reason="Moving to a post with the county council.",
        actor=people[MANAGER],
    )
    report.cases = 1
    items = list(case.items.select_related("task"))
    report.items = len(items)
    for item in items:
        if item.what in DONE_BY and item.task.status == item.task.Status.OPEN:
            name, note = DONE_BY[item.what]
            case_item_complete(item=item, actor=people[name], note=note)
            report.done += 1
    return report
