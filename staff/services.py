"""State changes for people, roles and the authority matrix."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from records.services import audit_log

from .models import AuthorityRule, AuthorityStep, Role, RoleAssignment, Team, User, UserSession

# Fields an administrator edits on a staff record; changes to them are audited.
STAFF_FIELDS = (
    "email",
    "full_name",
    "job_title",
    "team",
    "staff_type",
    "line_manager",
    "start_date",
    "leaving_date",
    "mailbox_nominee",
)


def _display(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def check_reporting_line(user: User, line_manager: User | None) -> None:
    """Refuse a line manager that would make someone manage themselves, directly or not."""
    chain = [user]
    manager = line_manager
    while manager is not None:
        if manager.pk == user.pk:
            raise ValidationError({"line_manager": reporting_loop_message(chain + [user])})
        if manager in chain:
            break
        chain.append(manager)
        manager = manager.line_manager


def reporting_loop_message(chain: list) -> str:
    """'This would create a reporting loop: A reports to B, who reports to A.'"""
    names = [str(person) for person in chain]
    steps = f"{names[0]} reports to {names[1]}" + "".join(
        f", who reports to {n}" for n in names[2:]
    )
    return f"This would create a reporting loop: {steps}."


@transaction.atomic
def team_get_or_create(*, name: str, actor: User | None, request=None) -> Team:
    """The team called ``name`` (ignoring case), creating it if there is none."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"team": "A team needs a name."})
    team = Team.objects.filter(name__iexact=name).first()
    if team is not None:
        return team
    team = Team(name=name)
    team.full_clean()
    team.save()
    audit_log(
        action="team.created", actor=actor, target=team, request=request, details={"name": name}
    )
    return team


@transaction.atomic
def staff_create(*, actor: User | None, request=None, **fields) -> User:
    """Create a staff record. The person sets a password through 'forgotten password'."""
    user = User(**fields)
    user.email = user.email.strip().lower()
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_log(
        action="staff.created",
        actor=actor,
        target=user,
        request=request,
        details={f: _display(getattr(user, f)) for f in STAFF_FIELDS},
    )
    return user


@transaction.atomic
def staff_update(*, user: User, actor: User | None, request=None, **fields) -> User:
    """Change a staff record, auditing each field that changed (old and new value)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {}
    for name, value in fields.items():
        if name not in STAFF_FIELDS:
            raise ValueError(f"{name} is not an editable staff field")
        old = getattr(user, name)
        if old != value:
            changes[name] = {"from": _display(old), "to": _display(value)}
            setattr(user, name, value)
    if not changes:
        return user
    if "line_manager" in changes:
        check_reporting_line(user, user.line_manager)
    user.email = user.email.strip().lower()
    user.full_clean()
    user.save(update_fields=list(changes))
    audit_log(action="staff.changed", actor=actor, target=user, request=request, details=changes)
    if "leaving_date" in changes and user.has_left():
        staff_end_sessions(user=user)
    return user


@transaction.atomic
def staff_deactivate(*, user: User, actor: User | None, request=None, reason: str = "") -> User:
    """Stop a person signing in and end every session they have, at once."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError("You cannot deactivate your own account. Ask another administrator.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = staff_end_sessions(user=user)
    audit_log(
        action="staff.deactivated",
        actor=actor,
        target=user,
        request=request,
        details={"reason": reason, "sessions_ended": ended},
    )
    return user


@transaction.atomic
def staff_reactivate(*, user: User, actor: User | None, request=None) -> User:
    """Let a deactivated person sign in again."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_log(action="staff.reactivated", actor=actor, target=user, request=request)
    return user


def staff_end_sessions(*, user: User) -> int:
    """Delete every session of this person from the session store; return how many."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def staff_deactivate_leavers(*, today: dt.date | None = None) -> int:
    """Deactivate everyone whose leaving date has passed; safe to run any number of times."""
    today = today or timezone.localdate()
    count = 0
    for user in User.objects.filter(is_active=True, leaving_date__lt=today):
        staff_deactivate(user=user, actor=None, reason="Leaving date passed")
        count += 1
    return count


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: Role,
    actor: User | None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    request=None,
) -> RoleAssignment:
    """Give a person a role from ``starts_on`` (today by default).

    Nobody changes their own roles. Giving a role the person already holds on
    ``starts_on`` changes nothing and returns the existing assignment.
    """
    _refuse_own_roles(user=user, actor=actor)
    starts_on = starts_on or timezone.localdate()
    existing = RoleAssignment.objects.current(starts_on).filter(user=user, role=role).first()
    if existing is not None:
        return existing
    assignment = RoleAssignment(
        user=user, role=role, starts_on=starts_on, ends_on=ends_on, assigned_by=actor
    )
    assignment.full_clean()
    assignment.save()
    audit_log(
        action="role.assigned",
        actor=actor,
        target=user,
        request=request,
        details={"role": role.key, "starts_on": starts_on, "ends_on": ends_on},
    )
    return assignment


def _refuse_own_roles(*, user: User, actor: User | None) -> None:
    # Separation of duties: an administrator cannot grant themselves more power,
    # nor remove the last check on themselves.
    if actor is not None and actor.pk == user.pk:
        raise ValidationError("You cannot change your own roles. Ask another administrator.")


@transaction.atomic
def role_remove(*, assignment: RoleAssignment, actor: User | None, request=None) -> RoleAssignment:
    """End a role assignment at once: the person no longer holds the role today.

    An assignment that has not started yet ends on the day it would have started,
    so it is kept (for the record) but never takes effect.
    """
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("user", "role")
        .get(pk=assignment.pk)
    )
    _refuse_own_roles(user=assignment.user, actor=actor)
    today = timezone.localdate()
    if assignment.ends_on is not None and assignment.ends_on <= max(today, assignment.starts_on):
        return assignment
    assignment.ends_on = max(today, assignment.starts_on)
    assignment.save(update_fields=["ends_on"])
    audit_log(
        action="role.removed",
        actor=actor,
        target=assignment.user,
        request=request,
        details={"role": assignment.role.key, "ends_on": assignment.ends_on},
    )
    return assignment


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


@transaction.atomic
def authority_matrix_load(*, preset: dict, actor: User | None, name: str, request=None) -> int:
    """Replace the authority matrix with a preset; returns the number of decisions.

    ``preset`` maps each decision key to ``{"name": ..., "steps": [...]}``, each
    step a role key or ``"line_manager"``. A decision with no steps is one the
    person authorises themselves (e.g. an out-of-office message).
    """
    roles = {role.key: role for role in Role.objects.all()}
    unknown = sorted(
        {who for entry in preset.values() for who in entry["steps"]} - set(roles) - {"line_manager"}
    )
    if unknown:
        raise ValidationError(f"The preset names roles that do not exist: {', '.join(unknown)}.")
    AuthorityStep.objects.all().delete()
    AuthorityRule.objects.exclude(decision_key__in=preset).delete()
    for key, entry in preset.items():
        rule, _ = AuthorityRule.objects.update_or_create(
            decision_key=key,
            defaults={"name": entry["name"], "description": entry.get("description", "")},
        )
        AuthorityStep.objects.bulk_create(
            AuthorityStep(
                rule=rule,
                order=order,
                kind=AuthorityStep.Kind.LINE_MANAGER
                if who == "line_manager"
                else AuthorityStep.Kind.ROLE,
                role=None if who == "line_manager" else roles[who],
            )
            for order, who in enumerate(entry["steps"], start=1)
        )
    audit_log(
        action="authority_matrix.changed",
        actor=actor,
        request=request,
        details={
            "preset": name,
            "decisions": {key: list(entry["steps"]) for key, entry in sorted(preset.items())},
        },
    )
    return len(preset)
