"""Reading requests, steps and tasks for the pages, a fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kernel.access import has_mfa
from staff.models import Role, User

from .authorizers import delegators_of, role_keys_acted_on, visible_requests
from .models import Delegation, Request, Step, Task
from .types import get_type, people_named


def my_requests(user: User) -> QuerySet[Request]:
    """What the person has asked for, newest first, drafts included."""
    return Request.objects.filter(requester=user).order_by("-created_at", "-pk")


def awaiting_decision(user: User) -> QuerySet[Step]:
    """Open steps this person may act on: their own, their role's, their delegators'.

    Requests they raised or that affect them are left out: someone else decides those.
    """
    delegators = delegators_of(user)
    mine = Q(assignee__in=[user.pk, *delegators])
    roles = role_keys_acted_on(user, delegators)
    if roles:
        mine |= Q(assignee__isnull=True, role__key__in=roles)
    return (
        Step.objects.open()
        .filter(mine, request__status=Request.Status.SUBMITTED)
        .exclude(request__requester=user)
        .exclude(request__affected=user)
        .select_related("request__requester", "role", "assignee")
        .order_by("due_on", "pk")
    )


def tasks_for(user: User) -> QuerySet[Task]:
    """Open tasks owned by the person or by a role they hold (with MFA)."""
    owned = Q(owner=user)
    if has_mfa(user) and user.current_role_keys():
        owned |= Q(owner__isnull=True, owner_role__key__in=user.current_role_keys())
    # Nobody carries out the work on a request about themselves (their own mailbox
    # opened to someone else, their own communications monitored).
    return (
        Task.objects.open()
        .filter(owned)
        .exclude(request__affected=user)
        .select_related("owner", "owner_role", "request")
        .order_by("due_on", "pk")
    )


# Up to how many matches of a search are read as a list of ids (see ``request_list``).
SEARCH_IDS_READ = 2000


@dataclass
class RequestFilters:
    status: str = ""
    type_key: str = ""
    query: str = ""
    late: bool = False
    overdue: bool = False


def request_list(user: User, filters: RequestFilters) -> QuerySet[Request]:
    """Requests the person may see, filtered, newest first (drafts left out)."""
    requests = visible_requests(user).exclude(status=Request.Status.DRAFT)
    if filters.status:
        requests = requests.filter(status=filters.status)
    if filters.type_key:
        requests = requests.filter(type_key=filters.type_key)
    if filters.late:
        requests = requests.filter(late=True)
    if filters.overdue:
        requests = requests.filter(
            pk__in=Step.objects.open().filter(due_on__lt=timezone.localdate()).values("request_id")
        )
    query = filters.query.strip()
    if query:
        number = query.upper().removeprefix("REQ-").lstrip("0")
        # People are matched in the staff table, not by joining it to every request twice.
        people = User.objects.filter(full_name__icontains=query).values("pk")
        matches = [
            Request.objects.filter(summary__icontains=query),
            Request.objects.filter(requester__in=people),
            Request.objects.filter(affected__in=people),
        ]
        if number.isdigit() and len(number) < 10:
            matches.append(Request.objects.filter(pk=int(number)))
        ids = [match.values("pk").order_by() for match in matches]
        found = ids[0].union(*ids[1:])
        # A search usually matches a few hundred requests: read them first, so that
        # the database looks up those few by their ids rather than checking who may
        # see every request.
        few = list(found.values_list("pk", flat=True)[: SEARCH_IDS_READ + 1])
        requests = requests.filter(pk__in=few if len(few) <= SEARCH_IDS_READ else found)
    return requests.select_related("requester", "affected").order_by("-submitted_at", "-pk")


def request_page(request: Request, *, notes: bool) -> dict:
    """Everything the request page shows, in a fixed number of queries."""
    request_type = get_type(request.type_key)
    steps = list(
        request.steps.select_related("role", "assignee", "decided_by", "on_behalf_of").order_by(
            "order", "pk"
        )
    )
    comments = request.comments.select_related("author")
    if not notes:
        comments = comments.filter(internal=False)
    people = people_named(request_type, [request.answers])
    return {
        "request_type": request_type,
        "lines": request_type.describe(request.answers, people),
        "steps": steps,
        "comments": list(comments),
        "attachments": list(request.attachments.select_related("uploaded_by")),
        "tasks": list(request.tasks.select_related("owner", "owner_role", "done_by")),
    }


def timeline(request: Request, page: dict) -> list[dict]:
    """What happened, oldest first: submission, steps, comments, files, tasks."""
    entries = []
    if request.submitted_at:
        entries.append(
            {"at": request.submitted_at, "who": request.requester, "text": "Sent the request"}
        )
    for step in page["steps"]:
        if step.opened_at:
            entries.append(
                {
                    "at": step.opened_at,
                    "who": None,
                    "text": f"Passed to {step.who} ({step.get_action_display().lower()})",
                }
            )
        if step.escalated_at:
            entries.append(
                {"at": step.escalated_at, "who": None, "text": f"Overdue: passed to {step.who}"}
            )
        if step.decided_at:
            entries.append(
                {
                    "at": step.decided_at,
                    "who": step.decided_by,
                    "on_behalf_of": step.on_behalf_of,
                    "text": step.get_status_display(),
                    "note": step.note,
                }
            )
    for comment in page["comments"]:
        entries.append(
            {
                "at": comment.created_at,
                "who": comment.author,
                "note": comment.body,
                "text": "Internal note" if comment.internal else "Comment",
                "internal": comment.internal,
            }
        )
    for attachment in page["attachments"]:
        entries.append(
            {
                "at": attachment.created_at,
                "who": attachment.uploaded_by,
                "text": f"Added the file {attachment.name}",
            }
        )
    for task in page["tasks"]:
        if task.done_at:
            entries.append(
                {
                    "at": task.done_at,
                    "who": task.done_by,
                    "text": f"Task done: {task.title}",
                    "note": task.note,
                }
            )
    return sorted(entries, key=lambda entry: entry["at"])


def role_tasks(user: User, role_key: str, *, status: str = Task.Status.OPEN) -> QuerySet[Task]:
    """A role's tasks, for its task page, except those about the person looking."""
    return (
        Task.objects.filter(owner_role__key=role_key, status=status)
        .exclude(request__affected=user)
        .select_related("owner_role", "request", "done_by")
        .order_by("due_on", "pk")
    )


def delegations_given(user: User) -> QuerySet[Delegation]:
    """The person's delegations to others, newest first (ended ones included)."""
    return (
        Delegation.objects.filter(person=user)
        .select_related("delegate")
        .order_by("-starts_on", "-pk")
    )


def delegations_received(user: User, *, current: bool = False) -> QuerySet[Delegation]:
    """Delegations naming the person as delegate; only today's when ``current``."""
    delegations = Delegation.objects.filter(delegate=user).select_related("person")
    if current:
        today = timezone.localdate()
        delegations = delegations.filter(
            cancelled_at__isnull=True, starts_on__lte=today, ends_on__gte=today
        )
    return delegations.order_by("-starts_on", "-pk")


def roles_with_task_pages(user: User) -> QuerySet[Role]:
    """The roles whose task pages the person may open: those they hold, with MFA."""
    keys = user.current_role_keys() if has_mfa(user) else ()
    return Role.objects.filter(key__in=keys).order_by("name")
