"""Every change to a leaver case: opening it, ticking its items, signing it off.

Opening a case (``case_open``) sets the person's leaving date through the staff
service (the nightly job then deactivates them and ends their sessions after the
last day), tells the IT service desk, and builds the checklist from what the
person holds, as tasks in the one task list:

* the IT service desk disables the network and email accounts, by the last day;
* each device the person holds is recovered, or recorded lost (IT service desk);
* the manager arranges who may use the mailbox and for how long, or an automatic
  reply, by raising a mailbox-access request;
* the communications team hands over or closes each register account the person
  owns, and removes their access to every other account they could reach (whose
  password must now change: those accounts are flagged at once);
* the person's open requests are withdrawn, and the decisions waiting on them
  passed to their manager by a delegation: both done at once, recorded as items
  already done.

Items are ticked by their owners (``case_item_complete``); the case is signed off
when every item is done (``case_sign_off``), making a signed PDF record.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts_registry.models import Access
from accounts_registry.selectors import accounts_reachable_by
from accounts_registry.services import access_remove, mark_password_change_required
from approvals.models import Request, Task
from approvals.selectors import awaiting_decision
from approvals.services import (
    delegation_create,
    request_withdraw,
    task_complete,
    task_create,
)
from audit.services import audit_log
from devices import services as device_services
from devices.models import Device
from devices.selectors import devices_held_by
from kernel.roles import RoleKey
from notifications.services import notify
from records.services import record_create
from staff.models import User
from staff.selectors import role_holders
from staff.services import staff_update

from .audit_actions import LeaverAction
from .authorizers import may_sign_off, may_start_case
from .models import CaseItem, LeaverCase
from .selectors import case_items, mover_review_items, open_items

What = CaseItem.What

# Decisions still waiting on a leaver after their last day are the manager's to
# take for this long; by then every request has been decided or has expired.
DELEGATION_AFTER_LAST_DAY = dt.timedelta(days=90)


def _refuse_unless(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)


def _locked(case: LeaverCase) -> LeaverCase:
    return (
        LeaverCase.objects.select_for_update(of=("self",))
        .select_related("person__line_manager")
        .get(pk=case.pk)
    )


def _link(case: LeaverCase) -> str:
    return reverse("leavers:case_detail", args=[case.pk])


# Opening a case -----------------------------------------------------------------------


@transaction.atomic
def case_open(
    *, person: User, last_day: dt.date, reason: str = "", actor: User, http_request=None
) -> LeaverCase:
    """Start a leaver case: set the leaving date, tell IT, build the checklist."""
    person = (
        User.objects.select_for_update(of=("self",)).select_related("line_manager").get(pk=person.pk)
    )
    _refuse_unless(
        may_start_case(actor, person),
        "Only someone above them in the reporting line, an administrator or human "
        "resources starts a leaver case.",
    )
    _refuse_unless(person.is_active, f"{person} has left already.")
    _refuse_unless(
        not LeaverCase.objects.open().filter(person=person).exists(),
        f"{person} has an open leaver case already.",
    )
    case = LeaverCase.objects.create(
        person=person, last_day=last_day, reason=reason.strip()[:300], started_by=actor
    )
    staff_update(user=person, actor=actor, request=http_request, leaving_date=last_day)
    audit_log(
        action=LeaverAction.OPENED,
        actor=actor,
        target=case,
        request=http_request,
        details={"person": person.pk, "last_day": last_day.isoformat(), "reason": case.reason},
    )
    _build_checklist(case, actor=actor, http_request=http_request)
    _tell_service_desk(case)
    return case


def _item(case: LeaverCase, suffix: str, what: str, *, title: str, **task_fields) -> CaseItem:
    """One checklist item and its task (keyed, so it is never made twice)."""
    extra = {f: task_fields.pop(f) for f in ("device", "account", "delegation") if f in task_fields}
    task = task_create(key=f"leaver:{case.pk}:{suffix}", title=title, **task_fields)
    item, _ = CaseItem.objects.get_or_create(case=case, task=task, defaults={"what": what, **extra})
    return item


def _build_checklist(case: LeaverCase, *, actor: User, http_request) -> None:
    person, last_day = case.person, case.last_day
    _item(
        case, "disable", What.DISABLE_ACCOUNTS,
        title=f"Disable the network and email accounts of {person} at the end of "
        f"{last_day:%-d %B %Y}",
        owner_role=RoleKey.IT_SERVICE_DESK, due_on=last_day,
    )  # fmt: skip
    for device in devices_held_by(person):
        _item(
            case, f"device:{device.pk}", What.DEVICE,
            title=f"Recover {device} from {person}, or record it lost",
            details=_device_details(device),
            owner_role=RoleKey.IT_SERVICE_DESK, due_on=last_day, device=device,
        )  # fmt: skip
    _item(
        case, "mailbox", What.MAILBOX,
        title=f"Arrange who may use {person}'s mailbox after they leave, or an automatic reply",
        details="Raise a mailbox-access request saying who needs access and until when, "
        "or ask for an automatic reply: "
        f"{reverse('approvals:request_new', args=['mailbox_access'])}",
        owner=person.line_manager or case.started_by, due_on=last_day,
    )  # fmt: skip
    _account_items(case, actor=actor, http_request=http_request)
    _withdraw_requests(case, actor=actor, http_request=http_request)
    _pass_on_decisions(case, actor=actor, http_request=http_request)


def _device_details(device: Device) -> str:
    where = f"a pool device of {device.pool_team}" if device.is_pool else "issued to them"
    return f"{device.get_kind_display()}, asset tag {device.asset_tag}, {where}."


def _account_items(case: LeaverCase, *, actor: User, http_request) -> None:
    """Owned accounts are handed over or closed; the others lose the person's access,
    and their passwords must change now (003 §5.7)."""
    person = case.person
    reachable = list(accounts_reachable_by(person).order_by("handle", "pk"))
    for account in reachable:
        if account.owner_id == person.pk:
            _item(
                case, f"account-owned:{account.pk}", What.ACCOUNT_OWNED,
                title=f"Hand over {account} to a named person, or close it",
                owner_role=RoleKey.COMMUNICATIONS, due_on=case.last_day, account=account,
            )  # fmt: skip
        else:
            _item(
                case, f"account-access:{account.pk}", What.ACCOUNT_ACCESS,
                title=f"Remove {person}'s access to {account} and change its password",
                owner_role=RoleKey.COMMUNICATIONS, due_on=case.last_day, account=account,
            )  # fmt: skip
    others = [account for account in reachable if account.owner_id != person.pk]
    if others:
        mark_password_change_required(
            accounts=others,
            reason=f"{person} is leaving on {case.last_day:%-d %B %Y}.",
            actor=actor,
            http_request=http_request,
        )


def _done_item(case: LeaverCase, suffix: str, what: str, *, title: str, note: str, actor: User,
               **fields) -> CaseItem:  # fmt: skip
    """An item the service carried out itself, recorded as done by whoever opened the case."""
    item = _item(case, suffix, what, title=title, owner=actor, due_on=timezone.localdate(),
                 **fields)  # fmt: skip
    if item.task.status == Task.Status.OPEN:
        task_complete(task=item.task, actor=actor, note=note)
    return item


def _withdraw_requests(case: LeaverCase, *, actor: User, http_request) -> None:
    """Withdraw what the person asked for and nobody has decided yet."""
    person = case.person
    requests = list(
        Request.objects.filter(
            requester=person, status__in=[Request.Status.DRAFT, *Request.OPEN_STATUSES]
        ).order_by("pk")
    )
    if not requests:
        return
    for request in requests:
        # Withdrawing is the requester's act; the case does it in their name.
        request_withdraw(request=request, actor=person, http_request=http_request)
    references = ", ".join(request.reference for request in requests)
    audit_log(
        action=LeaverAction.REQUESTS_WITHDRAWN, actor=actor, target=case, request=http_request,
        details={"requests": [request.pk for request in requests]},
    )  # fmt: skip
    _done_item(
        case, "requests", What.REQUESTS, actor=actor,
        title=f"Withdraw {person}'s open requests",
        note=f"Withdrawn when the case was started: {references}.",
    )  # fmt: skip


def _pass_on_decisions(case: LeaverCase, *, actor: User, http_request) -> None:
    """Decisions waiting on the person go to their manager, by a delegation from today."""
    person = case.person
    waiting = list(awaiting_decision(person).filter(assignee=person))
    if not waiting:
        return
    manager = person.line_manager
    title = f"Pass the decisions waiting on {person} to someone else"
    if manager is None or not manager.can_sign_in:
        _item(
            case, "steps", What.STEPS, title=title, owner=case.started_by,
            due_on=case.last_day,
            details="They have no line manager who can sign in: name a delegate for them "
            "on the delegations page, then mark this done.",
        )  # fmt: skip
        return
    today = timezone.localdate()
    delegation = delegation_create(
        person=person,
        delegate=manager,
        starts_on=today,
        ends_on=max(case.last_day, today) + DELEGATION_AFTER_LAST_DAY,
        reason="Leaving",
        actor=actor,
        http_request=http_request,
    )
    audit_log(
        action=LeaverAction.DECISIONS_DELEGATED, actor=actor, target=case, request=http_request,
        details={"delegation": delegation.pk, "delegate": manager.pk, "steps": len(waiting)},
    )  # fmt: skip
    _done_item(
        case, "steps", What.STEPS, actor=actor, title=title, delegation=delegation,
        note=f"{len(waiting)} waiting decision(s) passed to {manager} by a delegation "
        f"until {delegation.ends_on:%-d %B %Y}.",
    )  # fmt: skip


def _tell_service_desk(case: LeaverCase) -> None:
    """IT hears of every leaver as soon as the case opens (001 §4.0)."""
    for person in role_holders(RoleKey.IT_SERVICE_DESK):
        notify(
            recipient=person,
            kind="leaver_case_opened",
            key=f"leaver:{case.pk}:opened:{person.pk}",
            context={"case": case, "items": list(case_items(case))},
            link=_link(case),
        )


# Ticking items ------------------------------------------------------------------------


@transaction.atomic
def case_item_complete(
    *, item: CaseItem, actor: User, note: str = "", outcome: str = "", http_request=None
) -> CaseItem:
    """The owner ticks an item, with a note. A device item says what became of the
    device: ``recovered`` (returned to stock) or ``lost`` (recorded lost, and every
    register account the person could reach put at risk). The task is locked first,
    so of two owners ticking at once the second is told it was done already."""
    item = CaseItem.objects.select_related("case__person", "device", "account").get(pk=item.pk)
    _refuse_unless(item.case.status == LeaverCase.Status.OPEN, "This leaver case is closed.")
    if item.what == What.DEVICE:
        _refuse_unless(
            outcome in CaseItem.Outcome.values,
            "Say whether the device was recovered or is lost.",
        )  # fmt: skip
    task_complete(task=item.task, actor=actor, note=note, http_request=http_request)
    if item.what == What.DEVICE:
        _settle_device(item, outcome=outcome, actor=actor, note=note, http_request=http_request)
        item.outcome = outcome
        item.save(update_fields=["outcome"])
    elif item.what == What.ACCOUNT_ACCESS:
        _remove_access(item, actor=actor, http_request=http_request)
    audit_log(
        action=LeaverAction.ITEM_DONE, actor=actor, target=item.case, request=http_request,
        details={"item": item.pk, "what": item.what, "outcome": outcome, "note": note[:500]},
    )  # fmt: skip
    return item


def _settle_device(item: CaseItem, *, outcome: str, actor: User, note: str, http_request) -> None:
    person, device = item.case.person, Device.objects.get(pk=item.device_id)
    still_held = devices_held_by(person).filter(pk=device.pk).exists()
    if outcome == CaseItem.Outcome.RECOVERED:
        if not still_held:
            return  # already back (returned from the device register, say)
        if device.is_pool:
            pool_user = device.pool_users.current().get(person=person)
            device_services.pool_user_remove(
                pool_user=pool_user, actor=actor, http_request=http_request
            )
        else:
            device_services.device_return(
                device=device, actor=actor, note=note or f"{person} is leaving.",
                http_request=http_request,
            )  # fmt: skip
        return
    if device.status != Device.Status.LOST:
        device_services.device_mark_lost(
            device=device, actor=actor, note=note or f"Not recovered from {person}, who is leaving.",
            http_request=http_request,
        )  # fmt: skip
    mark_password_change_required(
        accounts=accounts_reachable_by(person),
        reason=f"{device} was lost by {person}.",
        actor=actor,
        at_risk=True,
        http_request=http_request,
    )


def _remove_access(item: CaseItem, *, actor: User, http_request) -> None:
    """End the person's access rows on the account; owning or moderating is the
    communications team's to change on the register."""
    accesses = Access.objects.filter(
        account_id=item.account_id, person=item.case.person, removed_at__isnull=True
    )
    for access in accesses:
        access_remove(
            access=access, actor=actor, reason="Leaving the organisation.",
            staff_change=True, http_request=http_request,
        )  # fmt: skip


# Signing off --------------------------------------------------------------------------


@transaction.atomic
def case_sign_off(*, case: LeaverCase, actor: User, http_request=None) -> LeaverCase:
    """Close a case whose items are all done, with a signed record of every item."""
    case = _locked(case)
    _refuse_unless(case.status == LeaverCase.Status.OPEN, "This leaver case is closed already.")
    _refuse_unless(may_sign_off(actor, case), "You cannot sign off this leaver case.")
    remaining = open_items(case).count()
    _refuse_unless(
        remaining == 0,
        f"{remaining} item(s) of the checklist are not done yet: the case can be signed "
        "off when every item is done.",
    )
    case.status = LeaverCase.Status.SIGNED_OFF
    case.signed_off_by = actor
    case.signed_off_at = timezone.now()
    case.record = record_create(
        kind="leaver",
        subject=case.person,
        obj=case,
        evidence=case_evidence(case),
        actor=actor,
        title=f"Leaver case: {case.person.full_name}",
    )
    case.save(update_fields=["status", "signed_off_by", "signed_off_at", "record"])
    audit_log(
        action=LeaverAction.SIGNED_OFF, actor=actor, target=case, request=http_request,
        details={"record": case.record.reference},
    )  # fmt: skip
    return case


def _name(person: User | None) -> str:
    return person.full_name if person else ""


def case_evidence(case: LeaverCase) -> dict:
    """What the signed record says: the case, and every item with who did it and when."""
    person = case.person
    return {
        "case": {
            "person": {"name": person.full_name, "email": person.email,
                       "job_title": person.job_title,
                       "team": person.team.name if person.team_id else ""},  # fmt: skip
            "last_day": case.last_day,
            "reason": case.reason,
            "started_by": _name(case.started_by),
            "started_at": case.created_at,
            "signed_off_by": _name(case.signed_off_by),
            "signed_off_at": case.signed_off_at,
        },
        "items": [
            {
                "what": item.get_what_display(),
                "title": item.task.title,
                "owner": item.task.owner_label,
                "due_on": item.task.due_on,
                "status": item.task.get_status_display(),
                "outcome": item.get_outcome_display() if item.outcome else "",
                "done_by": _name(item.task.done_by),
                "done_at": item.task.done_at,
                "note": item.task.note,
            }
            for item in case_items(case)
        ],
    }


# Overdue items ------------------------------------------------------------------------


def items_remind_and_escalate(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind the owners of items overdue, and a week later tell whoever started the
    case and the leaver's manager. Keyed: a re-run the same day sends nothing more."""
    today = today or timezone.localdate()
    counts = {"overdue": 0, "escalated": 0}
    items = (
        CaseItem.objects.filter(
            case__status=LeaverCase.Status.OPEN,
            task__status=Task.Status.OPEN,
            task__due_on__lt=today,
        )
        .select_related("case__person__line_manager", "case__started_by", "task__owner",
                        "task__owner_role")  # fmt: skip
        .order_by("pk")
    )
    for item in items.iterator(chunk_size=500):
        late_by = (today - item.task.due_on).days
        counts["overdue"] += _remind(item, late_by)
        if late_by >= ESCALATE_AFTER_DAYS:
            counts["escalated"] += _escalate(item, late_by)
    return counts


# Owners are reminded the day after the due date and then weekly; the case's starter
# and the leaver's manager hear of an item still open a week after it was due.
ESCALATE_AFTER_DAYS = 7


def _owners(task: Task) -> list[User]:
    if task.owner_id:
        return [task.owner]
    return list(role_holders(task.owner_role.key))


def _remind(item: CaseItem, late_by: int) -> int:
    """Once in each week an item is overdue (keyed by the week), to its owners."""
    week = (late_by - 1) // 7
    for person in _owners(item.task):
        notify(
            recipient=person,
            kind="leaver_item_overdue",
            key=f"leaver-item:{item.pk}:overdue:{week}:{person.pk}",
            context={"item": item, "case": item.case, "task": item.task, "late_by": late_by},
            link=item.task.get_absolute_url(),
        )
    return 1


def _escalate(item: CaseItem, late_by: int) -> int:
    """Once per item, to whoever started the case and the leaver's line manager."""
    case = item.case
    people = {p.pk: p for p in (case.started_by, case.person.line_manager) if p is not None}
    for person in people.values():
        notify(
            recipient=person,
            kind="leaver_item_escalated",
            key=f"leaver-item:{item.pk}:escalated:{person.pk}",
            context={"item": item, "case": case, "task": item.task, "late_by": late_by},
            link=_link(case),
        )
    return 1


# Movers -------------------------------------------------------------------------------


@transaction.atomic
def mover_review(
    *,
    person: User,
    actor: User,
    remove_access_ids: list[int] = (),
    remove_pool_user_ids: list[int] = (),
    http_request=None,
) -> dict[str, int]:
    """After a change of team or line manager, end the register access and the pool
    device places the reviewer chose to remove; the rest are kept. Returns how many of
    each were removed."""
    _refuse_unless(
        may_start_case(actor, person), "You cannot review what this person has access to."
    )
    review = mover_review_items(person)
    accesses = [a for a in review["accesses"] if a.pk in set(remove_access_ids)]
    pool_users = [p for p in review["pool_users"] if p.pk in set(remove_pool_user_ids)]
    for access in accesses:
        access_remove(
            access=access, actor=actor, reason="Moved team or line manager.",
            staff_change=True, http_request=http_request,
        )  # fmt: skip
    for pool_user in pool_users:
        device_services.pool_user_remove(pool_user=pool_user, actor=actor, http_request=http_request)
    audit_log(
        action=LeaverAction.MOVER_REVIEWED, actor=actor, target=person, request=http_request,
        details={
            "removed_access": [a.pk for a in accesses],
            "removed_pool_places": [p.pk for p in pool_users],
            "kept_access": [a.pk for a in review["accesses"] if a not in accesses],
            "kept_pool_places": [p.pk for p in review["pool_users"] if p not in pool_users],
        },
    )  # fmt: skip
    return {"accesses": len(accesses), "pool_users": len(pool_users)}
