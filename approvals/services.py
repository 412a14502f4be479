"""Every change to a request, a step, a task or a delegation.

Each function is one state change: atomic, the request's row locked first (so two
decision makers acting at once take turns, and the second finds the step already
decided), refusing a change the current state does not allow with a clear
``ValidationError``, writing the audit event with the actor, and queuing emails
and records to run after commit. ``http_request`` is the web request when there is
one (the audit trail takes the address from it).

How a request moves:

* ``request_draft_save`` keeps the answers; ``request_submit`` copies the route
  from the authority matrix into steps and opens the first.
* Steps are taken in order. Consecutive "notify" steps open together (a report
  goes to everyone told at once); a "consult" or "decide" step opens alone.
* When the last step is done the request is approved (or, for a report,
  completed). A refusal ends it at once. Approval and refusal produce a signed
  record.
* A request with no steps (an out-of-office message) is approved on submission:
  the policy lets the person authorise it themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_log
from kernel.access import has_mfa
from kernel.workdays import add_working_days, working_days_between
from notifications.services import notify
from records.services import record_create
from staff.models import AuthorityRule, AuthorityStep, Role, User
from staff.selectors import (
    authority_steps_for,
    fallback_role,
    organisation_settings,
    role_holders,
)

from .audit_actions import ApprovalAction
from .evidence import decision_evidence
from .models import Attachment, Comment, Delegation, Request, Step, Task
from .types import RequestType, all_types, get_type, people_named

Status = Request.Status


def _locked(request: Request) -> Request:
    # Only the request's row: PostgreSQL cannot lock the nullable side of the outer
    # join to ``affected``, and the people's rows need no lock.
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("requester", "affected")
        .get(pk=request.pk)
    )


def _refuse_unless(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)


def _link(request: Request) -> str:
    return reverse("approvals:request_detail", args=[request.pk])


def excluded_ids(request: Request) -> set[int]:
    """Nobody decides a request they raised or that affects them."""
    return {pk for pk in (request.requester_id, request.affected_id) if pk}


# Drafts and submission ---------------------------------------------------------------


@transaction.atomic
def request_draft_save(
    *, requester: User, type_key: str, answers: dict, request: Request | None = None
) -> Request:
    """Keep a request's answers as a draft (new, or an existing draft of the requester)."""
    request_type = get_type(type_key)
    if request is None:
        request = Request(type_key=type_key, requester=requester)
    else:
        request = _locked(request)
        _refuse_unless(request.requester_id == requester.pk, "Only the requester changes a draft.")
        _refuse_unless(request.status == Status.DRAFT, "This request has been sent already.")
    _apply_answers(request, request_type, answers)
    created = request.pk is None
    request.save()
    if created:
        audit_log(action=ApprovalAction.DRAFTED, actor=requester, target=request,
                  details={"type": type_key})
    return request


def _apply_answers(request: Request, request_type: RequestType, answers: dict) -> None:
    request.answers = answers
    affected = answers.get(request_type.affected_field) if request_type.affected_field else None
    request.affected_id = affected if affected != request.requester_id else None
    people = people_named(request_type, [answers])
    request.summary = request_type.title_of(answers, people)[:200]
    request.starts_on, request.ends_on = request_type.validity(answers)


@transaction.atomic
def request_submit(*, request: Request, actor: User, http_request=None) -> Request:
    """Send a draft for decision: its route comes from the authority matrix."""
    request = _locked(request)
    request_type = get_type(request.type_key)
    _refuse_unless(request.requester_id == actor.pk, "Only the requester sends a request.")
    _refuse_unless(request.status == Status.DRAFT, "This request has been sent already.")
    reason = request_type.why_not(actor)
    if reason:
        raise ValidationError(reason[0])
    decision_key = request_type.decision_key_for(request.answers)
    try:
        route = authority_steps_for(decision_key)
    except AuthorityRule.DoesNotExist:
        raise ValidationError(
            "The portal does not know yet who decides this request: an administrator "
            "must add it to the authority matrix."
        ) from None
    now = timezone.now()
    request.decision_key = decision_key
    request.late = request_type.is_late(
        request.answers, today=timezone.localdate(now), organisation=organisation_settings()
    )
    request.status = Status.SUBMITTED
    request.submitted_at = now
    request.save()
    Step.objects.bulk_create(_steps_from(request, route))
    audit_log(
        action=ApprovalAction.SUBMITTED,
        actor=actor,
        target=request,
        request=http_request,
        details={"type": request.type_key, "decision": decision_key, "late": request.late},
    )
    _advance(request, actor=actor)
    request_type.on_submitted(request)
    return request


def _steps_from(request: Request, route: Iterable[AuthorityStep]) -> list[Step]:
    return [
        Step(
            request=request,
            order=authority.order,
            action=authority.action,
            line_manager=authority.kind == AuthorityStep.Kind.LINE_MANAGER,
            role=authority.role,
            clause=authority.clause,
            review_needed=authority.review_needed,
        )
        for authority in route
    ]


# Moving through the steps ----------------------------------------------------------------


def _advance(request: Request, *, actor: User | None) -> None:
    """Open the next steps, or finish the request when none are left."""
    steps = list(request.steps.select_related("role").order_by("order", "pk"))
    if any(step.status == Step.Status.OPEN for step in steps):
        return
    waiting = [step for step in steps if step.status == Step.Status.WAITING]
    if not waiting:
        _finish(request, actor=actor)
        return
    batch = [waiting[0]]
    if waiting[0].action == Step.Action.NOTIFY:
        for step in waiting[1:]:
            if step.action != Step.Action.NOTIFY:
                break
            batch.append(step)
    for step in batch:
        _open_step(request, step)


def _open_step(request: Request, step: Step) -> None:
    today = timezone.localdate()
    excluded = excluded_ids(request)
    if step.line_manager:
        manager = request.requester.line_manager_id
        current = User.objects.current().filter(pk=manager).exists() if manager else False
        if current and manager not in excluded:
            step.assignee_id = manager
        else:
            _give_to_fallback(request, step, excluded)
    elif not role_holders(step.role.key).exclude(pk__in=excluded).exists():
        _give_to_fallback(request, step, excluded)
    step.status = Step.Status.OPEN
    step.opened_at = timezone.now()
    step.due_on = add_working_days(today, get_type(request.type_key).step_working_days)
    step.save()
    audit_log(
        action=ApprovalAction.STEP_OPENED,
        target=request,
        details={"step": step.order, "action": step.action, "who": step.who},
    )
    for person in step_people(step, request):
        notify(
            recipient=person,
            kind="request_step_opened",
            key=f"request-step:{step.pk}:opened:{person.pk}",
            context={"request": request, "step": step},
            link=_link(request),
        )


def _give_to_fallback(request: Request, step: Step, excluded: set[int]) -> None:
    role = fallback_role(exclude_ids=excluded)
    step.assignee = None
    step.role = role
    step.fallback = True
    audit_log(
        action=ApprovalAction.STEP_FALLBACK,
        target=request,
        details={"step": step.order, "to": role.key if role else None},
    )


def step_people(step: Step, request: Request) -> list[User]:
    """The people who act on a step themselves (delegates aside), excluded ones removed."""
    excluded = excluded_ids(request)
    if step.assignee_id:
        people = [step.assignee] if step.assignee_id not in excluded else []
    elif step.role_id:
        people = list(role_holders(step.role.key).exclude(pk__in=excluded))
    else:
        people = []
    return people


def acting_for(user: User, step: Step, request: Request) -> tuple[bool, User | None]:
    """Whether ``user`` may act on this open step, and for whom when as a delegate.

    Role holders act with multi-factor authentication set up; a delegate acts for a
    person who may act, during the delegation's dates, and is never someone the
    request excludes.
    """
    if step.status != Step.Status.OPEN or user.pk in excluded_ids(request):
        return False, None
    if step.role_id and not step.assignee_id and not has_mfa(user):
        return False, None
    people = step_people(step, request)
    if any(person.pk == user.pk for person in people):
        return True, None
    today = timezone.localdate()
    delegation = (
        Delegation.objects.filter(
            delegate=user,
            person__in=people,
            cancelled_at__isnull=True,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("person")
        .first()
    )
    if delegation is None:
        return False, None
    return True, delegation.person


def _locked_open_step(step: Step, actor: User, *actions: str) -> tuple[Request, Step, User | None]:
    """Lock the request, then read the step again: it may have been decided meanwhile."""
    request = _locked(step.request)
    step = Step.objects.select_related("role", "assignee").get(pk=step.pk)
    _refuse_unless(
        request.status == Status.SUBMITTED and step.status == Step.Status.OPEN,
        "This step has been dealt with already; the page shows where the request stands now.",
    )
    _refuse_unless(step.action in actions, "This step cannot be answered that way.")
    allowed, on_behalf_of = acting_for(actor, step, request)
    _refuse_unless(allowed, "You cannot act on this step of the request.")
    return request, step, on_behalf_of


def _close_step(step: Step, status: str, actor: User, on_behalf_of: User | None, note: str) -> None:
    step.status = status
    step.decided_by = actor
    step.on_behalf_of = on_behalf_of
    step.decided_at = timezone.now()
    step.note = note
    step.save(update_fields=["status", "decided_by", "on_behalf_of", "decided_at", "note"])


def _step_details(step: Step, on_behalf_of: User | None, note: str = "") -> dict:
    details = {"step": step.order, "clause": step.clause}
    if on_behalf_of is not None:
        details["on_behalf_of"] = on_behalf_of.pk
    if note:
        details["note"] = note[:500]
    return details


def _answer_step(
    step: Step, actor: User, note: str, http_request, *, action: str, status: str, audited: str
) -> Request:
    """Close an open step the way its action allows, audit it, and move the request on."""
    request, step, on_behalf_of = _locked_open_step(step, actor, action)
    _close_step(step, status, actor, on_behalf_of, note)
    audit_log(action=audited, actor=actor, target=request, request=http_request,
              details=_step_details(step, on_behalf_of, note))
    _advance(request, actor=actor)
    return request


@transaction.atomic
def step_approve(*, step: Step, actor: User, note: str = "", http_request=None) -> Request:
    """A decision maker approves their step; the request moves on."""
    return _answer_step(step, actor, note.strip(), http_request, action=Step.Action.DECIDE,
                        status=Step.Status.APPROVED, audited=ApprovalAction.STEP_APPROVED)


@transaction.atomic
def step_refuse(*, step: Step, actor: User, reason: str, http_request=None) -> Request:
    """A decision maker refuses: the request ends here, with the reason."""
    reason = reason.strip()
    _refuse_unless(bool(reason), "Give the reason for refusing: the requester is told it.")
    request, step, on_behalf_of = _locked_open_step(step, actor, Step.Action.DECIDE)
    _close_step(step, Step.Status.REFUSED, actor, on_behalf_of, reason)
    _cancel_steps(request)
    request.status = Status.REFUSED
    request.decided_at = request.closed_at = timezone.now()
    request.save(update_fields=["status", "decided_at", "closed_at"])
    audit_log(action=ApprovalAction.REFUSED, actor=actor, target=request, request=http_request,
              details=_step_details(step, on_behalf_of, reason))
    _tell_outcome(request)
    _make_record(request, actor)
    return request


@transaction.atomic
def step_advise(*, step: Step, actor: User, advice: str, http_request=None) -> Request:
    """A consulted role records its advice; it cannot refuse."""
    advice = advice.strip()
    _refuse_unless(bool(advice), "Write the advice: the decision maker reads it before deciding.")
    return _answer_step(step, actor, advice, http_request, action=Step.Action.CONSULT,
                        status=Step.Status.ADVISED, audited=ApprovalAction.ADVICE_RECORDED)


@transaction.atomic
def step_acknowledge(*, step: Step, actor: User, note: str = "", http_request=None) -> Request:
    """Someone told of a report acknowledges it, saying what they did if they wish."""
    return _answer_step(step, actor, note.strip(), http_request, action=Step.Action.NOTIFY,
                        status=Step.Status.ACKNOWLEDGED, audited=ApprovalAction.ACKNOWLEDGED)


def _cancel_steps(request: Request) -> None:
    request.steps.filter(status__in=[Step.Status.WAITING, Step.Status.OPEN]).update(
        status=Step.Status.CANCELLED
    )


def _finish(request: Request, *, actor: User | None) -> None:
    """Every step is done: a report is complete, anything else is approved."""
    now = timezone.now()
    request.decided_at = now
    if get_type(request.type_key).is_report:
        request.status = Status.COMPLETED
        request.closed_at = now
        request.save(update_fields=["status", "decided_at", "closed_at"])
        audit_log(action=ApprovalAction.COMPLETED, actor=actor, target=request)
    else:
        request.status = Status.APPROVED
        request.save(update_fields=["status", "decided_at"])
        audit_log(action=ApprovalAction.APPROVED, actor=actor, target=request,
                  details={"self_authorised": not request.steps.exists()})
        get_type(request.type_key).on_approved(request)
    _tell_outcome(request)
    _make_record(request, actor)


def _tell_outcome(request: Request) -> None:
    """The requester hears the outcome; the affected person hears of an approval unless
    the request is an internal investigation."""
    notify(
        recipient=request.requester,
        kind="request_decided",
        key=f"request:{request.pk}:decided",
        context={"request": request},
        link=_link(request),
    )
    request_type = get_type(request.type_key)
    if (
        request.status == Status.APPROVED
        and request.affected_id
        and request_type.tells_affected
        and not request.internal_investigation
    ):
        notify(
            recipient=request.affected,
            kind="request_affected_told",
            key=f"request:{request.pk}:affected-told",
            context={"request": request, "lines": request_type.describe(request.answers)},
            link=_link(request),
        )


def _make_record(request: Request, actor: User | None) -> None:
    record = record_create(
        kind="decision",
        subject=request.requester,
        obj=request,
        evidence=decision_evidence(request),
        actor=actor,
        title=f"{request.get_status_display()}: {request.summary}",
    )
    request.record = record
    request.save(update_fields=["record"])


# The requester's side -----------------------------------------------------------------


@transaction.atomic
def request_withdraw(*, request: Request, actor: User, http_request=None) -> Request:
    """The requester takes back a request nobody has decided yet."""
    request = _locked(request)
    _refuse_unless(request.requester_id == actor.pk, "Only the requester withdraws a request.")
    _refuse_unless(
        request.status in (Status.DRAFT, *Request.OPEN_STATUSES),
        "This request has been decided, so it can no longer be withdrawn.",
    )
    _cancel_steps(request)
    request.status = Status.WITHDRAWN
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    audit_log(action=ApprovalAction.WITHDRAWN, actor=actor, target=request, request=http_request)
    return request


@transaction.atomic
def request_ask_for_information(
    *, step: Step, actor: User, question: str, http_request=None
) -> Request:
    """A decision maker or adviser sends the request back to the requester with a question."""
    question = question.strip()
    _refuse_unless(bool(question), "Say what you need to know: the requester reads it.")
    request, step, on_behalf_of = _locked_open_step(
        step, actor, Step.Action.DECIDE, Step.Action.CONSULT
    )
    request.status = Status.MORE_INFORMATION
    request.information_requested = question
    request.save(update_fields=["status", "information_requested"])
    audit_log(action=ApprovalAction.INFORMATION_REQUESTED, actor=actor, target=request,
              request=http_request, details=_step_details(step, on_behalf_of, question))
    count = _moment()
    notify(
        recipient=request.requester,
        kind="request_information_requested",
        key=f"request:{request.pk}:information:{count}",
        context={"request": request, "question": question, "asked_by": actor},
        link=_link(request),
    )
    return request


def _moment() -> str:
    """Keys apart messages a person's own action sends again (a second question)."""
    return timezone.now().isoformat()


@transaction.atomic
def request_resubmit(
    *, request: Request, actor: User, answers: dict, reply: str, http_request=None
) -> Request:
    """The requester answers the question, may change their answers, and sends it back."""
    request = _locked(request)
    request_type = get_type(request.type_key)
    _refuse_unless(request.requester_id == actor.pk, "Only the requester answers.")
    _refuse_unless(
        request.status == Status.MORE_INFORMATION, "Nobody has asked for more information."
    )
    reply = reply.strip()
    _refuse_unless(bool(reply), "Answer the question before sending the request back.")
    _refuse_unless(
        request_type.decision_key_for(answers) == request.decision_key,
        "That change needs a different decision: withdraw this request and make a new one.",
    )
    _apply_answers(request, request_type, answers)
    request.status = Status.SUBMITTED
    request.information_requested = ""
    request.save()
    Comment.objects.create(request=request, author=actor, body=reply)
    audit_log(action=ApprovalAction.RESUBMITTED, actor=actor, target=request,
              request=http_request, details={"reply": reply[:500]})
    due_on = add_working_days(timezone.localdate(), request_type.step_working_days)
    count = _moment()
    for step in request.steps.open().select_related("role", "assignee"):
        step.due_on = due_on
        step.save(update_fields=["due_on"])
        for person in step_people(step, request):
            notify(
                recipient=person,
                kind="request_step_opened",
                key=f"request-step:{step.pk}:resubmitted:{count}:{person.pk}",
                context={"request": request, "step": step, "resubmitted": True},
                link=_link(request),
            )
    return request


# Marks, comments, attachments ------------------------------------------------------------


@transaction.atomic
def request_mark_investigation(
    *, request: Request, actor: User, reason: str, http_request=None
) -> Request:
    """Hide the request from the person it affects and their manager: an internal
    investigation. Only someone who may act on one of its steps marks it."""
    reason = reason.strip()
    _refuse_unless(bool(reason), "Give the reason for treating this as an internal investigation.")
    request = _locked(request)
    _refuse_unless(request.affected_id is not None, "This request affects nobody else.")
    _refuse_unless(may_decide_any_step(actor, request), "Only a decision maker marks this.")
    _refuse_unless(not request.internal_investigation, "It is marked already.")
    request.internal_investigation = True
    request.investigation_reason = reason
    request.save(update_fields=["internal_investigation", "investigation_reason"])
    audit_log(action=ApprovalAction.INVESTIGATION_MARKED, actor=actor, target=request,
              request=http_request, details={"reason": reason[:500]})
    return request


@transaction.atomic
def request_lift_investigation(
    *, request: Request, actor: User, reason: str, http_request=None
) -> Request:
    """Show the request to the person it affects again (only the first access is exempt)."""
    reason = reason.strip()
    _refuse_unless(bool(reason), "Give the reason for lifting the mark.")
    request = _locked(request)
    _refuse_unless(request.internal_investigation, "It is not marked.")
    _refuse_unless(may_decide_any_step(actor, request, decided_too=True),
                   "Only a decision maker lifts this.")
    request.internal_investigation = False
    request.save(update_fields=["internal_investigation"])
    audit_log(action=ApprovalAction.INVESTIGATION_LIFTED, actor=actor, target=request,
              request=http_request, details={"reason": reason[:500]})
    return request


def may_decide_any_step(user: User, request: Request, *, decided_too: bool = False) -> bool:
    """Whether the person may act on an open step, or (if asked) decided one."""
    steps = list(request.steps.select_related("role", "assignee"))
    if decided_too and any(step.decided_by_id == user.pk for step in steps):
        return True
    return any(acting_for(user, step, request)[0] for step in steps)


@transaction.atomic
def comment_add(*, request: Request, author: User, body: str, internal: bool,
                http_request=None) -> Comment:
    """A comment the requester sees, or an internal note for decision makers and auditors."""
    body = body.strip()
    _refuse_unless(bool(body), "Write something first.")
    comment = Comment.objects.create(request=request, author=author, body=body, internal=internal)
    action = ApprovalAction.NOTE_ADDED if internal else ApprovalAction.COMMENTED
    audit_log(
        action=action,
        actor=author,
        target=request,
        request=http_request,
        details={"comment": comment.pk},
    )
    if not internal and author.pk != request.requester_id:
        notify(
            recipient=request.requester,
            kind="request_commented",
            key=f"request-comment:{comment.pk}",
            context={"request": request, "comment": comment},
            link=_link(request),
        )
    return comment


# What an attachment may be, recognised by its first bytes, not its name.
ATTACHMENT_TYPES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    # Word, Excel and OpenDocument files are ZIP archives.
    "application/zip": (b"PK\x03\x04",),
}
ATTACHMENT_NAMES = "PDF, PNG, JPEG, GIF, Word, Excel, OpenDocument or plain text"


def attachment_type(head: bytes) -> str | None:
    """The content type a file's first bytes show, or None when it is not one we take."""
    for content_type, signatures in ATTACHMENT_TYPES.items():
        if head.startswith(signatures):
            return content_type
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


@transaction.atomic
def attachment_add(*, request: Request, actor: User, name: str, data: bytes,
                   http_request=None) -> Attachment:
    """Keep a file with the request, if its size and content are acceptable."""
    limit = settings.APPROVALS_ATTACHMENT_MAX_BYTES
    _refuse_unless(0 < len(data) <= limit,
                   f"The file must be between 1 byte and {limit // (1024 * 1024)} MB.")
    content_type = attachment_type(data[:2048])
    _refuse_unless(content_type is not None,
                   f"That file is not one the portal keeps: use a {ATTACHMENT_NAMES} file.")
    request = _locked(request)
    _refuse_unless(request.status not in Request.FINAL_STATUSES,
                   "This request is closed: no more files can be added.")
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        request=request, uploaded_by=actor, name=name[:200], content_type=content_type,
        size=len(data), sha256=digest,
    )
    attachment.file.save("upload", ContentFile(data), save=False)
    attachment.save()
    audit_log(action=ApprovalAction.ATTACHMENT_ADDED, actor=actor, target=request,
              request=http_request,
              details={"attachment": attachment.pk, "name": attachment.name, "sha256": digest})
    return attachment


def attachment_read(*, attachment: Attachment, actor: User, http_request=None) -> bytes:
    """The file's bytes; the download is audited."""
    with attachment.file.open("rb") as handle:
        data = handle.read()
    audit_log(action=ApprovalAction.ATTACHMENT_READ, actor=actor, target=attachment.request,
              request=http_request, details={"attachment": attachment.pk, "name": attachment.name})
    return data


# Tasks --------------------------------------------------------------------------------


def task_create(
    *,
    key: str,
    title: str,
    details: str = "",
    owner: User | None = None,
    owner_role: str = "",
    due_on: dt.date | None = None,
    request: Request | None = None,
) -> Task:
    """Give someone (a person or a role) work to do, once: the key makes it idempotent."""
    existing = Task.objects.filter(key=key).first()
    if existing is not None:
        return existing
    role = Role.objects.get(key=owner_role) if owner_role else None
    task = Task.objects.create(
        key=key, title=title[:200], details=details, owner=owner, owner_role=role,
        due_on=due_on, request=request,
    )
    audit_log(action=ApprovalAction.TASK_CREATED, target=task,
              details={"title": task.title, "owner": task.owner_label,
                       "request": request.pk if request else None})
    people = [owner] if owner else list(role_holders(owner_role))
    for person in people:
        notify(
            recipient=person,
            kind="task_assigned",
            key=f"task:{task.pk}:assigned:{person.pk}",
            context={"task": task},
            link=task.get_absolute_url(),
        )
    return task


def may_do_task(user: User, task: Task) -> bool:
    """The owner, or a holder of the owning role; never the person the request is about."""
    if task.request_id and task.request.affected_id == user.pk:
        return False
    if task.owner_id:
        return task.owner_id == user.pk
    return user.has_role(task.owner_role.key) and has_mfa(user)


@transaction.atomic
def task_complete(*, task: Task, actor: User, note: str = "", http_request=None) -> Task:
    """The owner marks the task done; a request whose work is all done is completed."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("owner_role", "request")
        .get(pk=task.pk)
    )
    _refuse_unless(task.status == Task.Status.OPEN, "This task has been dealt with already.")
    _refuse_unless(may_do_task(actor, task), "This task is not yours.")
    task.status = Task.Status.DONE
    task.done_by = actor
    task.done_at = timezone.now()
    task.note = note.strip()
    task.save(update_fields=["status", "done_by", "done_at", "note"])
    audit_log(action=ApprovalAction.TASK_DONE, actor=actor, target=task, request=http_request,
              details={"note": task.note[:500], "request": task.request_id})
    if task.request_id:
        request_complete(request=task.request, actor=actor)
    return task


@transaction.atomic
def request_complete(*, request: Request, actor: User | None = None) -> bool:
    """An approved request without dates whose tasks are all done is complete."""
    request = _locked(request)
    if request.status != Status.APPROVED or request.ends_on is not None:
        return False
    if request.tasks.open().exists():
        return False
    request.status = Status.COMPLETED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    audit_log(action=ApprovalAction.COMPLETED, actor=actor, target=request)
    return True


# Delegation ---------------------------------------------------------------------------


@transaction.atomic
def delegation_create(
    *, person: User, delegate: User, starts_on: dt.date, ends_on: dt.date, reason: str = "",
    actor: User, http_request=None,
) -> Delegation:
    """Name someone to decide for ``person`` between two dates."""
    _refuse_unless(person.pk != delegate.pk, "You cannot be your own delegate.")
    _refuse_unless(ends_on >= starts_on, "The last day must be on or after the first.")
    _refuse_unless(ends_on >= timezone.localdate(), "The dates have passed already.")
    _refuse_unless(User.objects.current().filter(pk=delegate.pk).exists(),
                   f"{delegate} cannot sign in, so cannot decide for you.")
    delegation = Delegation.objects.create(
        person=person, delegate=delegate, starts_on=starts_on, ends_on=ends_on,
        reason=reason.strip()[:200], created_by=actor,
    )
    audit_log(action=ApprovalAction.DELEGATION_CREATED, actor=actor, target=delegation,
              request=http_request,
              details={"person": person.pk, "delegate": delegate.pk,
                       "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
    notify(
        recipient=delegate,
        kind="delegation_created",
        key=f"delegation:{delegation.pk}:created",
        context={"delegation": delegation},
        link=reverse("approvals:awaiting"),
    )
    return delegation


@transaction.atomic
def delegation_cancel(*, delegation: Delegation, actor: User, http_request=None) -> Delegation:
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    _refuse_unless(delegation.cancelled_at is None, "This delegation has ended already.")
    _refuse_unless(actor.pk in (delegation.person_id, delegation.created_by_id),
                   "Only the person who delegated ends it.")
    delegation.cancelled_at = timezone.now()
    delegation.save(update_fields=["cancelled_at"])
    audit_log(action=ApprovalAction.DELEGATION_CANCELLED, actor=actor, target=delegation,
              request=http_request)
    return delegation


def requests_export(*, actor: User, filters: dict, rows: int, http_request=None) -> None:
    """Record that someone downloaded the list of requests as CSV, and with which filters."""
    audit_log(action=ApprovalAction.EXPORTED, actor=actor, request=http_request,
              details={"filters": filters, "rows": rows})


# Daily and hourly work (Celery beat) ---------------------------------------------------


def steps_remind_and_escalate(*, today: dt.date | None = None) -> dict:
    """Remind people of steps due today or overdue, and pass steps overdue by the
    organisation's escalation period to the fallback. Keyed: a re-run sends nothing."""
    today = today or timezone.localdate()
    escalate_after = organisation_settings().escalation_working_days
    counts = {"due": 0, "overdue": 0, "escalated": 0}
    steps = (
        Step.objects.open()
        .filter(due_on__lte=today, request__status=Status.SUBMITTED)
        .select_related("request__requester", "request__affected", "role", "assignee")
    )
    for step in steps.iterator(chunk_size=500):
        late_by = working_days_between(step.due_on, today)
        if late_by >= escalate_after and step.escalated_at is None and not step.fallback:
            counts["escalated"] += step_escalate(step=step)
            continue
        label = "due" if late_by <= 0 else "overdue"
        counts[label] += 1
        for person in step_people(step, step.request):
            notify(
                recipient=person,
                kind=f"request_step_{label}",
                key=f"request-step:{step.pk}:{label}:{person.pk}",
                context={"request": step.request, "step": step, "late_by": late_by},
                link=_link(step.request),
            )
    return counts


@transaction.atomic
def step_escalate(*, step: Step) -> int:
    """Give an overdue step to the fallback decision maker; 1 if it was escalated."""
    request = _locked(step.request)
    step = Step.objects.select_related("role", "assignee").get(pk=step.pk)
    if step.status != Step.Status.OPEN or step.escalated_at is not None:
        return 0
    before = step.who
    role = fallback_role(exclude_ids=excluded_ids(request))
    if role is None or (step.role_id == role.pk and not step.assignee_id):
        return 0
    step.assignee = None
    step.role = role
    step.escalated_at = timezone.now()
    step.due_on = add_working_days(timezone.localdate(), get_type(request.type_key).step_working_days)
    step.save(update_fields=["assignee", "role", "escalated_at", "due_on"])
    audit_log(action=ApprovalAction.STEP_ESCALATED, target=request,
              details={"step": step.order, "from": before, "to": role.key})
    for person in step_people(step, request):
        notify(
            recipient=person,
            kind="request_step_escalated",
            key=f"request-step:{step.pk}:escalated:{person.pk}",
            context={"request": request, "step": step, "before": before},
            link=_link(request),
        )
    return 1


def requests_expire(*, today: dt.date | None = None) -> int:
    """End the permissions whose last day has passed; returns how many ended."""
    today = today or timezone.localdate()
    ids = list(
        Request.objects.filter(status=Status.APPROVED, ends_on__lt=today).values_list("pk", flat=True)
    )
    return sum(request_expire(request=Request(pk=pk)) for pk in ids)


@transaction.atomic
def request_expire(*, request: Request) -> bool:
    """An approved permission whose dates have passed ends; its type does what follows
    (e.g. a task to remove mailbox access)."""
    request = _locked(request)
    if request.status != Status.APPROVED or not request.ends_on:
        return False
    if request.ends_on >= timezone.localdate():
        return False
    request.status = Status.EXPIRED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    audit_log(action=ApprovalAction.EXPIRED, target=request,
              details={"ended": request.ends_on.isoformat()})
    get_type(request.type_key).on_expired(request)
    return True


def request_types_daily(*, today: dt.date | None = None) -> int:
    """Each type's own daily work (e.g. security advice before travel)."""
    today = today or timezone.localdate()
    return sum(request_type.daily(today) for request_type in all_types())


def open_steps_for(person: User) -> Q:
    """A filter on steps: open ones this person acts on directly (role or assignment)."""
    return Q(status=Step.Status.OPEN) & (
        Q(assignee=person) | Q(assignee__isnull=True, role__key__in=person.current_role_keys())
    )
