"""Queries behind the staff pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.sessions.models import Session
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from records.models import AuditEvent

from .models import AuthorityRule, AuthorityStep, Role, RoleAssignment, Team, User, UserSession


def staff_search(
    *,
    query: str = "",
    team: Team | None = None,
    staff_type: str = "",
    role: Role | None = None,
    status: str = "active",
) -> QuerySet[User]:
    """Staff matching a search and filters, by name, with team, manager and current roles."""
    today = timezone.localdate()
    people = User.objects.all()
    if status == "active":
        people = people.current()
    elif status == "inactive":
        people = people.filter(is_active=False)
    elif status == "left":
        people = people.filter(leaving_date__lt=today)
    people = _matching(people, query)
    if team is not None:
        people = people.filter(team=team)
    if staff_type:
        people = people.filter(staff_type=staff_type)
    if role is not None:
        people = people.filter(
            pk__in=RoleAssignment.objects.current(today).filter(role=role).values("user_id")
        )
    return (
        people.select_related("team", "line_manager")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.current(today).select_related("role"),
                to_attr="current_assignments",
            )
        )
        .order_by("full_name", "pk")
    )


def _matching(people: QuerySet[User], query: str) -> QuerySet[User]:
    """People whose name, email or job title contains every word of ``query``."""
    for word in query.split():
        people = people.filter(
            Q(full_name__icontains=word) | Q(email__icontains=word) | Q(job_title__icontains=word)
        )
    return people


def person_suggestions(query: str, *, exclude_id: int | None = None, limit: int = 10) -> list[User]:
    """At most ``limit`` current staff matching what was typed in a person picker, by name.

    One query, however many staff there are; nothing for an empty query.
    """
    if not query.split():
        return []
    people = _matching(User.objects.current(), query)
    if exclude_id is not None:
        people = people.exclude(pk=exclude_id)
    return list(
        people.select_related("team")
        .only("pk", "full_name", "email", "job_title", "team__name")
        .order_by("full_name", "pk")[:limit]
    )


def staff_role_history(person: User) -> dict[str, list[RoleAssignment]]:
    """The person's role assignments grouped as current, future, ended and withdrawn."""
    today = timezone.localdate()
    groups = defaultdict(list)
    assignments = person.role_assignments.select_related("role", "assigned_by").order_by(
        "-starts_on", "role__name"
    )
    for assignment in assignments:
        groups[assignment.status(today)].append(assignment)
    return groups


def staff_active_session_count(person: User) -> int:
    """How many signed-in sessions the person has that have not expired."""
    return UserSession.objects.filter(
        user=person,
        session_key__in=Session.objects.filter(expire_date__gt=timezone.now()).values(
            "session_key"
        ),
    ).count()


def staff_audit_events(person: User, *, limit: int = 15) -> list[AuditEvent]:
    """The most recent audit events about this person."""
    return list(
        AuditEvent.objects.filter(target_type="staff.user", target_id=str(person.pk))
        .select_related("actor")
        .order_by("-seq")[:limit]
    )


def authority_matrix() -> list[dict]:
    """Every decision with its steps in order and who holds each step's role today."""
    rules = AuthorityRule.objects.prefetch_related(
        Prefetch("steps", queryset=AuthorityStep.objects.select_related("role").order_by("order"))
    ).order_by("decision_key")
    holders = defaultdict(list)
    assignments = (
        RoleAssignment.objects.current()
        .filter(user__in=User.objects.current())
        .select_related("user")
        .order_by("user__full_name")
    )
    for assignment in assignments:
        if assignment.user not in holders[assignment.role_id]:
            holders[assignment.role_id].append(assignment.user)
    return [
        {
            "rule": rule,
            "steps": [
                {"step": step, "holders": holders.get(step.role_id, []) if step.role_id else None}
                for step in rule.steps.all()
            ],
        }
        for rule in rules
    ]
