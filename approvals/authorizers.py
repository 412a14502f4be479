"""Who may see a request, its notes, its files and its record.

A request is seen by the requester; the person it affects, unless it is an
internal investigation; everyone who takes part (holders of a role one of its
steps names, the line manager it went to, whoever decided a step, their
delegates, owners of its tasks); and auditors. An internal investigation is
hidden from the person it affects and from their line manager (unless they
raised it, or a step of it is theirs to decide). A type that says so (``affected_sees = False``: monitoring someone's
communications) is never shown to the person it affects. Internal notes are for
the people who take part and auditors, never the requester or the person affected.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kernel.access import has_mfa, uses_role
from kernel.roles import RoleKey
from records.authorizers import record_readers
from staff.models import Role, RoleAssignment, User

from .models import Attachment, Delegation, Request, Step, Task
from .types import all_types


def delegators_of(user: User) -> list[int]:
    today = timezone.localdate()
    return list(
        Delegation.objects.filter(
            delegate=user, cancelled_at__isnull=True, starts_on__lte=today, ends_on__gte=today
        ).values_list("person_id", flat=True)
    )


def role_keys_acted_on(user: User, delegators: list[int]) -> set[str]:
    """The roles whose steps the person acts on: their own (with MFA) and their delegators'."""
    keys = set(user.current_role_keys()) if has_mfa(user) else set()
    if delegators:
        keys |= set(
            RoleAssignment.objects.current()
            .filter(user_id__in=delegators)
            .values_list("role__key", flat=True)
        )
    return keys


def visible_requests(user: User, *, pk: int | None = None) -> QuerySet[Request]:
    """Every request this person may see (their own drafts included, others' never); with
    ``pk``, only that one (the check then reads that request's steps, not all of theirs)."""
    requests = Request.objects.all() if pk is None else Request.objects.filter(pk=pk)
    if uses_role(user, RoleKey.AUDITOR):
        return requests.exclude(Q(status=Request.Status.DRAFT) & ~Q(requester=user))
    delegators = delegators_of(user)
    roles = role_keys_acted_on(user, delegators)
    people = [user.pk, *delegators]
    # Role ids rather than keys: the steps and tasks are then read without joining roles.
    role_ids = (
        list(Role.objects.filter(key__in=roles).values_list("pk", flat=True)) if roles else []
    )
    step_filter = Q(decided_by=user) | Q(assignee__in=people)
    task_filter = Q(owner=user)
    if role_ids:
        step_filter |= Q(assignee__isnull=True, role_id__in=role_ids)
        task_filter |= Q(owner_role_id__in=role_ids)
    steps, tasks = Step.objects.filter(step_filter), Task.objects.filter(task_filter)
    if pk is not None:
        steps, tasks = steps.filter(request_id=pk), tasks.filter(request_id=pk)
    taking_part = Q(pk__in=steps.values("request_id")) | Q(
        pk__in=tasks.filter(request__isnull=False).values("request_id")
    )
    visible = Q(requester=user) | (Q(affected=user) & Q(internal_investigation=False))
    unseen_types = [type_.key for type_ in all_types() if not type_.affected_sees]
    # The holder's manager is kept out of an investigation unless it is theirs to decide
    # (the requester's line manager may be the holder's too).
    deciding = Step.objects.filter(Q(assignee=user) | Q(decided_by=user))
    if pk is not None:
        deciding = deciding.filter(request_id=pk)
    # Their reports are found in the staff table, not by joining it to every request.
    reports = User.objects.filter(line_manager=user).values("pk")
    holders_manager = Q(affected__in=reports) & ~Q(pk__in=deciding.values("request_id"))
    hidden = (
        Q(internal_investigation=True) & (Q(affected=user) | holders_manager)
        | Q(type_key__in=unseen_types) & Q(affected=user)
    ) & ~Q(requester=user)
    return requests.filter(visible | (taking_part & ~Q(status=Request.Status.DRAFT))).exclude(
        hidden
    )


def may_see_request(user: User, request: Request) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return visible_requests(user, pk=request.pk).exists()


def get_request_for_user(user: User, pk: int) -> Request:
    """The request, if this person may see it; otherwise not found."""
    try:
        return (
            visible_requests(user, pk=pk)
            .select_related("requester__team", "affected__team", "record")
            .get()
        )
    except Request.DoesNotExist as error:
        raise Http404 from error


def may_read_notes(user: User, request: Request) -> bool:
    """Internal notes: people taking part and auditors, never the requester or affected."""
    if uses_role(user, RoleKey.AUDITOR):
        return True
    return user.pk not in (request.requester_id, request.affected_id)


def may_add_to(user: User, request: Request) -> bool:
    """Comments and files: anyone who sees an unfinished request except the person affected."""
    if request.status in Request.FINAL_STATUSES or user.pk == request.affected_id:
        return False
    return user.pk == request.requester_id or not uses_role(user, RoleKey.AUDITOR)


def get_attachment_for_user(user: User, request: Request, pk: int) -> Attachment:
    try:
        return request.attachments.get(pk=pk)
    except Attachment.DoesNotExist as error:
        raise Http404 from error


def get_task_for_user(user: User, pk: int) -> Task:
    """A task its owner, a holder of its role, or an auditor may see; never the person
    the task's request is about."""
    try:
        task = Task.objects.select_related("owner_role", "owner", "done_by", "request").get(pk=pk)
    except Task.DoesNotExist as error:
        raise Http404 from error
    if task.request_id and task.request.affected_id == user.pk:
        raise Http404
    if task.owner_id == user.pk or uses_role(user, RoleKey.AUDITOR):
        return task
    if task.owner_role_id and uses_role(user, task.owner_role.key):
        return task
    raise Http404


@record_readers("approvals.request")
def may_see_decision_record(user: User, record) -> bool:
    """Everyone who may see the request sees its record."""
    return record.object_id.isdigit() and may_see_request(user, Request(pk=int(record.object_id)))
