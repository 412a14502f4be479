"""Reminders to people whose declarations are due, and digests to managers and the chief executive.

One run a day (``reminders_send``) sends what that day calls for:

* To the person, one email at each point of the schedule: the configured days
  before the due date (``DECLARATION_REMINDER_DAYS_BEFORE``, default 30, 14, 7
  and 1), on the day, then once a week while it stays unsigned. Only the latest
  point reached is considered: a run that was missed for a few days sends one
  reminder, not the ones it missed. An extension starts the schedule again from
  the new date.
* To each line manager, one digest listing their direct reports with a
  declaration overdue by ``DECLARATION_ESCALATE_MANAGER_AFTER_DAYS`` days or
  more (default 7).
* To each chief executive, one digest listing everyone overdue by
  ``DECLARATION_ESCALATE_CHIEF_EXECUTIVE_AFTER_DAYS`` days or more (default 28).

Every email has its own idempotency key (a reminder: the requirement, its due
date and the point of the schedule; a digest: the recipient and the day), and
``notify`` never sends a key twice, so running the job again, retrying it or
running it on two workers at once sends nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kernel.roles import RoleKey
from notifications.models import Notification
from notifications.services import notify
from staff.models import User
from staff.selectors import role_holders

from .models import Requirement

WEEK = 7
# A digest lists at most this many people; the compliance page has the rest.
DIGEST_LIMIT = 200
KEY_BATCH = 500


@dataclass
class ReminderRun:
    """How many emails one run sent (or found sent by a run going on at the same time)."""

    reminders: int = 0
    manager_digests: int = 0
    chief_executive_digests: int = 0


@dataclass(frozen=True)
class Overdue:
    """One line of a digest."""

    name: str
    kind: str
    team: str
    line_manager: str
    due_date: dt.date
    days_overdue: int


def reminder_step(*, due_date: dt.date, today: dt.date, days_before=None) -> str | None:
    """The latest point of the schedule reached on ``today`` for a declaration due on ``due_date``.

    ``before-<n>`` (the smallest configured n at or above the days left), ``due``
    (on the day and the six days after), ``overdue-week-<n>`` (from n weeks after
    the due date); None until the first reminder is due.
    """
    if days_before is None:
        days_before = settings.DECLARATION_REMINDER_DAYS_BEFORE
    days_left = (due_date - today).days
    if days_left > 0:
        reached = [days for days in days_before if days >= days_left]
        return f"before-{min(reached)}" if reached else None
    weeks = -days_left // WEEK
    return f"overdue-week-{weeks}" if weeks else "due"


def reminders_send(*, today: dt.date | None = None) -> ReminderRun:
    """Send today's reminders and escalation digests; safe to run any number of times."""
    today = today or timezone.localdate()
    outstanding = _outstanding(today)
    reminders = _reminders(outstanding, today)
    managers = _manager_digests(outstanding, today)
    chiefs = _chief_executive_digests(outstanding, today)
    sent = _keys_already_used([key for key, *_ in reminders + managers + chiefs])
    run = ReminderRun()
    for key, requirement, step in reminders:
        if key not in sent:
            _send_reminder(key, requirement, step, today)
            run.reminders += 1
    for key, recipient, lines in managers:
        if key not in sent:
            _send_digest("declaration_manager_digest", key, recipient, lines, today)
            run.manager_digests += 1
    for key, recipient, lines in chiefs:
        if key not in sent:
            _send_digest("declaration_chief_executive_digest", key, recipient, lines, today)
            run.chief_executive_digests += 1
    return run


def _outstanding(today: dt.date) -> list[Requirement]:
    """Requirements still due, of active kinds, of people who work here today, that have
    reached the first point of the schedule (most are months away from it)."""
    horizon = today + dt.timedelta(days=max(settings.DECLARATION_REMINDER_DAYS_BEFORE, default=0))
    return list(
        Requirement.objects.outstanding()
        .filter(
            Q(extended_to__isnull=True, due_date__lte=horizon) | Q(extended_to__lte=horizon),
            Q(user__leaving_date__isnull=True) | Q(user__leaving_date__gte=today),
            Q(user__start_date__isnull=True) | Q(user__start_date__lte=today),
            user__is_active=True,
            kind__active=True,
        )
        .select_related("user__team", "user__line_manager", "kind__policy")
        .order_by("user__full_name", "due_date", "pk")
    )


def _days_overdue(requirement: Requirement, today: dt.date) -> int:
    return (today - requirement.effective_due_date).days


def _reminders(outstanding: list[Requirement], today: dt.date) -> list[tuple]:
    planned = []
    for requirement in outstanding:
        due = requirement.effective_due_date
        step = reminder_step(due_date=due, today=today)
        if step is not None:
            key = f"declaration-reminder:{requirement.pk}:{due.isoformat()}:{step}"
            planned.append((key, requirement, step))
    return planned


def _manager_digests(outstanding: list[Requirement], today: dt.date) -> list[tuple]:
    after = settings.DECLARATION_ESCALATE_MANAGER_AFTER_DAYS
    by_manager: dict[int, list[Requirement]] = defaultdict(list)
    managers = {}
    for requirement in outstanding:
        manager = requirement.user.line_manager
        if manager and _works_here(manager, today) and _days_overdue(requirement, today) >= after:
            managers[manager.pk] = manager
            by_manager[manager.pk].append(requirement)
    return [
        (
            f"declaration-manager-digest:{pk}:{today.isoformat()}",
            managers[pk],
            _digest_lines(requirements, today),
        )
        for pk, requirements in by_manager.items()
    ]


def _chief_executive_digests(outstanding: list[Requirement], today: dt.date) -> list[tuple]:
    after = settings.DECLARATION_ESCALATE_CHIEF_EXECUTIVE_AFTER_DAYS
    overdue = [r for r in outstanding if _days_overdue(r, today) >= after]
    if not overdue:
        return []
    lines = _digest_lines(overdue, today)
    return [
        (f"declaration-chief-executive-digest:{chief.pk}:{today.isoformat()}", chief, lines)
        for chief in role_holders(RoleKey.CHIEF_EXECUTIVE, on=today)
    ]


def _works_here(user: User, today: dt.date) -> bool:
    return user.is_active and not user.has_left(today)


def _digest_lines(requirements: list[Requirement], today: dt.date) -> list[Overdue]:
    lines = [
        Overdue(
            name=r.user.full_name,
            kind=r.kind.name,
            team=r.user.team.name if r.user.team else "",
            line_manager=r.user.line_manager.full_name if r.user.line_manager else "",
            due_date=r.effective_due_date,
            days_overdue=_days_overdue(r, today),
        )
        for r in requirements
    ]
    return sorted(lines, key=lambda line: (-line.days_overdue, line.name, line.kind))


def _keys_already_used(keys: list[str]) -> set[str]:
    """The keys of emails already sent: most of them on an ordinary day."""
    used = set()
    for start in range(0, len(keys), KEY_BATCH):
        batch = keys[start : start + KEY_BATCH]
        used.update(
            Notification.objects.filter(idempotency_key__in=batch).values_list(
                "idempotency_key", flat=True
            )
        )
    return used


def _send_reminder(key: str, requirement: Requirement, step: str, today: dt.date) -> None:
    due = requirement.effective_due_date
    with transaction.atomic():
        notify(
            recipient=requirement.user,
            kind="declaration_reminder",
            key=key,
            context={
                "requirement": requirement,
                "kind": requirement.kind,
                "policy": requirement.kind.policy,
                "step": step,
                "due_date": due,
                "days_left": (due - today).days,
                "days_overdue": (today - due).days,
                "manager_after_days": settings.DECLARATION_ESCALATE_MANAGER_AFTER_DAYS,
            },
            link=reverse("declarations:sign", args=[requirement.pk]),
        )


def _send_digest(kind: str, key: str, recipient: User, lines: list[Overdue], today) -> None:
    with transaction.atomic():
        notify(
            recipient=recipient,
            kind=kind,
            key=key,
            context={
                "lines": lines[:DIGEST_LIMIT],
                "count": len(lines),
                "more": max(len(lines) - DIGEST_LIMIT, 0),
                "today": today,
                "manager_after_days": settings.DECLARATION_ESCALATE_MANAGER_AFTER_DAYS,
                "chief_executive_after_days": (
                    settings.DECLARATION_ESCALATE_CHIEF_EXECUTIVE_AFTER_DAYS
                ),
            },
            link=reverse("declarations:compliance"),
        )
