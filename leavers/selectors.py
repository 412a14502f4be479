"""What leaver cases hold, read for the pages and the sign-off."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from accounts_registry.models import Access, Account
from approvals.models import Task
from devices.models import PoolUser

from .models import CaseItem, LeaverCase


def cases_with_progress(cases: QuerySet[LeaverCase]) -> QuerySet[LeaverCase]:
    """Cases annotated with ``items_total`` and ``items_done`` (done or not needed)."""
    return cases.annotate(
        items_total=Count("items"),
        items_done=Count("items", filter=~Q(items__task__status=Task.Status.OPEN)),
    )


def case_items(case: LeaverCase) -> QuerySet[CaseItem]:
    """The case's checklist in order, with each task, its owner and who did it."""
    return case.items.select_related(
        "task__owner", "task__owner_role", "task__done_by", "device", "account", "delegation"
    ).order_by("pk")


def open_items(case: LeaverCase) -> QuerySet[CaseItem]:
    return case.items.filter(task__status=Task.Status.OPEN)


def item_for_task(task: Task) -> CaseItem | None:
    """The leaver case item a task carries out, if it is one."""
    return CaseItem.objects.select_related("case__person", "device").filter(task=task).first()


def item_page_url(task: Task) -> str | None:
    """Where a leaver item's task is ticked: its own page on the case, which asks what
    the item needs (a device recovered or lost)."""
    item = CaseItem.objects.filter(task=task).only("pk", "case_id").first()
    return reverse("leavers:item_tick", args=[item.case_id, item.pk]) if item else None


def mover_review_items(person) -> dict:
    """What a mover's review goes through: their current access to register accounts
    and the pool devices they are named on."""
    return {
        "accesses": list(
            Access.objects.filter(person=person, removed_at__isnull=True)
            .exclude(account__status=Account.Status.CLOSED)
            .select_related("account")
            .order_by("account__handle", "pk")
        ),
        "pool_users": list(
            PoolUser.objects.current()
            .filter(person=person)
            .select_related("device__pool_team")
            .order_by("device__asset_tag", "pk")
        ),
    }
