"""Queries behind the staff pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kernel.roles import RoleKey

from .models import (
    AuthorityRule,
    AuthorityStep,
    OrganisationSettings,
    Role,
    RoleAssignment,
    Team,
    User,
    UserSession,
)


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


def email_belongs_to_someone_else(email: str, person: User) -> bool:
    """Whether ``email`` is anyone but ``person``'s work email or sign-in address."""
    return (
        User.objects.filter(email__iexact=email).exclude(pk=person.pk).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user=person).exists()
    )


def staff_active_session_count(person: User) -> int:
    """How many signed-in sessions the person has that have not expired."""
    return UserSession.objects.filter(
        user=person,
        session_key__in=Session.objects.filter(expire_date__gt=timezone.now()).values(
            "session_key"
        ),
    ).count()


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


def authority_steps_for(decision_key: str) -> list[AuthorityStep]:
    """The steps of a decision in order, each with its role; an empty list if self-authorised.

    Raises ``AuthorityRule.DoesNotExist`` when the matrix has no such decision.
    """
    rule = AuthorityRule.objects.get(decision_key=decision_key)
    return list(rule.steps.select_related("role").order_by("order"))


def organisation_settings() -> OrganisationSettings:
    """The organisation settings (created with their defaults the first time), one query."""
    row, _ = OrganisationSettings.objects.select_related("fallback_role").get_or_create(pk=1)
    return row


def fallback_role(*, exclude_ids=()) -> Role | None:
    """The role that decides when everyone who could is excluded: the organisation's
    fallback role, else the chief executive, else the monitoring officer; the first
    with a current holder outside ``exclude_ids``. None when none has one."""
    configured = organisation_settings().fallback_role
    keys = [configured.key] if configured else []
    keys += [RoleKey.CHIEF_EXECUTIVE, RoleKey.MONITORING_OFFICER]
    for key in dict.fromkeys(keys):
        if role_holders(key).exclude(pk__in=exclude_ids).exists():
            return Role.objects.get(key=key)
    return None


def fallback_deciders(*, exclude_ids=()) -> QuerySet[User]:
    """The current holders of the ``fallback_role``, leaving out ``exclude_ids``. May be empty."""
    role = fallback_role(exclude_ids=exclude_ids)
    if role is None:
        return User.objects.none()
    return role_holders(role.key).exclude(pk__in=exclude_ids)


def role_holders(role_key: str, *, on: dt.date | None = None):
    """People who hold a role on a date (today by default) and may sign in."""
    return (
        User.objects.current()
        .filter(
            pk__in=RoleAssignment.objects.current(on).filter(role__key=role_key).values("user_id")
        )
        .order_by("full_name")
    )


def deciders_for(*, decision_key: str, step: int, requester: User):
    """Who may decide step ``step`` (1-based) of a decision for this requester.

    Nobody decides on their own request, so the requester is always excluded.
    Raises ``AuthorityRule.DoesNotExist`` or ``AuthorityStep.DoesNotExist`` when
    the matrix has no such decision or step.
    """
    rule = AuthorityRule.objects.get(decision_key=decision_key)
    authority = rule.steps.select_related("role").get(order=step)
    if authority.kind == AuthorityStep.Kind.LINE_MANAGER:
        people = User.objects.current().filter(pk=requester.line_manager_id)
    else:
        people = role_holders(authority.role.key)
    return people.exclude(pk=requester.pk)
