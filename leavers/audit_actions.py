"""What the audit trail records about leaver cases.

Every event names the case as its target, so a case's page can show its history
from the trail; the tasks behind its items keep their own events too.
"""

from audit.actions import AuditActions, registered


@registered
class LeaverAction(AuditActions):
    OPENED = "leaver_case.opened", "Leaver case started"
    REQUESTS_WITHDRAWN = (
        "leaver_case.requests_withdrawn",
        "A leaver's open requests withdrawn",
    )
    DECISIONS_DELEGATED = (
        "leaver_case.decisions_delegated",
        "A leaver's waiting decisions passed to their manager",
    )
    ITEM_DONE = "leaver_case.item_done", "Leaver case item done"
    SIGNED_OFF = "leaver_case.signed_off", "Leaver case signed off"
    MOVER_REVIEWED = "leaver_case.mover_reviewed", "Mover's access and pool devices reviewed"
