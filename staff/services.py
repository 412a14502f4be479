"""State changes for people, roles, the authority matrix and the organisation settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import audit_log
from kernel.access import authentication_methods
from kernel.http import client_ip, user_agent
from notifications.services import email_address_tell, notify

from .audit_actions import SignInAction, StaffAction
from .authority_presets import LINE_MANAGER, Preset, Step
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
from .signals import staff_changed

if TYPE_CHECKING:
    from .importing import ImportRow

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


# The fields of a staff record that can change what the person owes.
OWING_FIELDS = {"team", "staff_type", "start_date", "leaving_date"}


def _staff_changed(user_ids) -> None:
    """Tell the apps above, once this commits, that these people's records changed."""
    ids = sorted({pk for pk in user_ids if pk})
    if ids:
        # Robust: the change itself stands if a receiver fails; the nightly run catches up.
        transaction.on_commit(lambda: staff_changed.send(sender=User, user_ids=ids), robust=True)


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
        action=StaffAction.TEAM_CREATED, actor=actor, target=team, request=request, details={"name": name}
    )
    return team


@transaction.atomic
def staff_create(*, actor: User | None, request=None, announce: bool = True, **fields) -> User:
    """Create a staff record. The person sets a password through 'forgotten password'.

    ``announce`` False leaves telling the apps above to the caller (``staff_import``
    tells them of a whole file at once)."""
    user = User(**fields)
    user.email = user.email.strip().lower()
    user.set_unusable_password()
    user.full_clean()
    user.save()
    email_addresses_sync(user=user)
    audit_log(
        action=StaffAction.CREATED,
        actor=actor,
        target=user,
        request=request,
        details={f: _display(getattr(user, f)) for f in STAFF_FIELDS},
    )
    if announce:
        _staff_changed([user.pk])
    return user


@transaction.atomic
def staff_update(
    *, user: User, actor: User | None, request=None, announce: bool = True, **fields
) -> User:
    """Change a staff record, auditing each field that changed (old and new value).

    A new work email replaces the old one as the address that signs in and gets
    password reset links, and both addresses are told of the change. ``announce``
    is as for ``staff_create``.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
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
    user.full_clean()
    user.save(update_fields=list(changes))
    event = audit_log(
        action=StaffAction.CHANGED, actor=actor, target=user, request=request, details=changes
    )
    if "email" in changes:
        email_addresses_sync(user=user)
        _email_change_tell(
            user=user,
            old_email=changes["email"]["from"],
            actor=actor,
            key=f"staff_email_changed:{user.pk}:{event.pk}",
        )
    if "leaving_date" in changes and user.has_left():
        staff_end_sessions(user=user)
    if announce and OWING_FIELDS & changes.keys():
        _staff_changed([user.pk])
    return user


def email_addresses_sync(*, user: User) -> None:
    """Make the work email the one address allauth knows for ``user``: primary and verified.

    allauth signs people in, and sends password reset links, by the addresses in
    its own table as well as by ``User.email``, and adds the work email there when
    it makes a reset link. An address left there after a change would still open
    the account, and a reset for it would also reach the next person given it. So
    every other address of ``user`` goes, and so does this one if it was left with
    someone else. Called in the transaction of whatever sets the email.
    """
    email = user.email.lower()
    EmailAddress.objects.filter(email__iexact=email).exclude(user=user).delete()
    EmailAddress.objects.filter(user=user).exclude(email=email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )


def _email_change_tell(*, user: User, old_email: str, actor: User | None, key: str) -> None:
    """Tell the old and the new address that the work email changed.

    The new address gets a notification like any other; the old one is no longer
    the person's, so it gets the same words by email only. If the change was not
    expected, whoever reads the old mailbox can raise the alarm.
    """
    context = {
        "person": user,
        "old_email": old_email,
        "new_email": user.email,
        "changed_by": actor.full_name if actor is not None and actor.pk != user.pk else "",
    }
    notify(recipient=user, kind="staff_email_changed", key=key, context=context)
    email_address_tell(
        address=old_email, name="staff_email_changed", context={"recipient": user, **context}
    )


@transaction.atomic
def staff_save(
    *, user: User | None, actor: User | None, request=None, new_team: str = "", **fields
) -> User:
    """Create a staff record (``user`` None) or change one, as the staff form submits it.

    A team named in ``new_team`` is found or created first, in the same
    transaction, so a record that is refused leaves no new team behind.
    """
    if new_team:
        fields["team"] = team_get_or_create(name=new_team, actor=actor, request=request)
    if user is None:
        return staff_create(actor=actor, request=request, **fields)
    return staff_update(user=user, actor=actor, request=request, **fields)


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
        action=StaffAction.DEACTIVATED,
        actor=actor,
        target=user,
        request=request,
        details={"reason": reason, "sessions_ended": ended},
    )
    _staff_changed([user.pk])
    return user


@transaction.atomic
def staff_reactivate(*, user: User, actor: User | None, request=None) -> User:
    """Let a deactivated person sign in again."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_log(action=StaffAction.REACTIVATED, actor=actor, target=user, request=request)
    _staff_changed([user.pk])
    return user


def staff_end_sessions(*, user: User) -> int:
    """End every session of this person at once; return how many the portal knew of.

    Raising ``User.session_version`` is what ends them: it is part of the check
    Django makes on every request (``User.get_session_auth_hash``), so each
    session stops working, whatever its key is now. The keys remembered at
    sign-in are not enough, because a session changes key when its person
    changes password, and that is not a sign-in. The known sessions are also
    deleted, so the session store and the list of sessions are tidy at once.
    """
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])
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


# Importing a CSV file of staff, once ``importing`` has checked it


def _managers_first(rows: list[ImportRow]) -> list[ImportRow]:
    """Rows ordered so that anyone's line manager in the file comes before them."""
    by_email = {row.email: row for row in rows}
    ordered, placed = [], set()

    def place(row, path=()):
        if row.email in placed or row.email in path:
            return
        manager = by_email.get(row.values.get("line_manager_email") or "")
        if manager is not None:
            place(manager, (*path, row.email))
        placed.add(row.email)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


@dataclass
class ImportSummary:
    """What an import did: people created, updated and left as they were, teams created."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    teams_created: list[str] = field(default_factory=list)


@transaction.atomic
def staff_import(*, rows: list[ImportRow], actor: User | None, request=None) -> ImportSummary:
    """Create and update the people of a validated file, all in one transaction.

    Line managers in the file are created before the people who report to them;
    mailbox nominees who come later in the file are set once everyone exists.
    """
    summary = ImportSummary()
    references = {
        row.values.get(name)
        for row in rows
        for name in ("email", "line_manager_email", "mailbox_nominee_email")
    } - {None, ""}
    people = {u.email: u for u in User.objects.select_for_update().filter(email__in=references)}
    teams: dict[str, Team] = {}
    later_nominees = []
    for row in _managers_first(rows):
        fields = _import_fields(row, people, teams, summary, actor, request)
        nominee = row.values.get("mailbox_nominee_email")
        if nominee and nominee not in people:
            later_nominees.append((row.email, nominee))
            fields.pop("mailbox_nominee", None)
        existing = people.get(row.email)
        if existing is None:
            people[row.email] = staff_create(
                actor=actor, request=request, announce=False, email=row.email, **fields
            )
            summary.created += 1
        else:
            people[row.email] = staff_update(
                user=existing, actor=actor, request=request, announce=False, **fields
            )
            if row.changes:
                summary.updated += 1
            else:
                summary.unchanged += 1
    for email, nominee in later_nominees:
        staff_update(
            user=people[email], actor=actor, request=request, announce=False,
            mailbox_nominee=people[nominee],
        )  # fmt: skip
    _staff_changed(people[row.email].pk for row in rows)
    audit_log(
        action=StaffAction.IMPORTED,
        actor=actor,
        request=request,
        details={
            "rows": len(rows),
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "teams_created": summary.teams_created,
        },
    )
    return summary


def _import_fields(row, people, teams, summary, actor, request) -> dict:
    """The staff fields a row sets; a team not seen before is found or created (and noted)."""
    fields = {
        name: row.values[name]
        for name in ("full_name", "job_title", "staff_type", "start_date", "leaving_date")
        if name in row.values
    }
    if "team" in row.values:
        fields["team"] = None
        name = row.values["team"]
        if name:
            if name.lower() not in teams:
                created = not Team.objects.filter(name__iexact=name).exists()
                teams[name.lower()] = team_get_or_create(name=name, actor=actor, request=request)
                if created:
                    summary.teams_created.append(teams[name.lower()].name)
            fields["team"] = teams[name.lower()]
    for name, field_name in (
        ("line_manager_email", "line_manager"),
        ("mailbox_nominee_email", "mailbox_nominee"),
    ):
        if name in row.values:
            email = row.values[name]
            fields[field_name] = people.get(email) if email else None
    return fields


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
        action=StaffAction.ROLE_ASSIGNED,
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
        action=StaffAction.ROLE_REMOVED,
        actor=actor,
        target=assignment.user,
        request=request,
        details={"role": assignment.role.key, "ends_on": assignment.ends_on},
    )
    return assignment


@transaction.atomic
def authority_matrix_load(*, preset: Preset, actor: User | None, name: str, request=None) -> int:
    """Replace the authority matrix with a preset and apply its settings; returns the
    number of decisions.

    A decision with no steps is one the person authorises themselves (e.g. an
    out-of-office message). One audit row records each decision's steps (who, what
    they do, the clause, whether the step needs review) and the settings changed.
    """
    roles = {role.key: role for role in Role.objects.all()}
    _refuse_unknown_roles(preset, roles)
    AuthorityStep.objects.all().delete()
    AuthorityRule.objects.exclude(decision_key__in=preset.decisions).delete()
    for key, decision in preset.decisions.items():
        rule, _ = AuthorityRule.objects.update_or_create(
            decision_key=key,
            defaults={"name": decision.name, "description": decision.description},
        )
        AuthorityStep.objects.bulk_create(
            _authority_step(rule, order, step, roles)
            for order, step in enumerate(decision.steps, start=1)
        )
    settings = dict(preset.settings)
    if "fallback_role" in settings:
        settings["fallback_role"] = roles.get(settings["fallback_role"])
    _, settings_changed = _organisation_settings_apply(actor=actor, **settings)
    audit_log(
        action=StaffAction.AUTHORITY_MATRIX_CHANGED,
        actor=actor,
        request=request,
        details={
            "preset": name,
            "decisions": {
                key: [asdict(step) for step in decision.steps]
                for key, decision in sorted(preset.decisions.items())
            },
            "settings": settings_changed,
        },
    )
    return len(preset.decisions)


def _refuse_unknown_roles(preset: Preset, roles: dict[str, Role]) -> None:
    named = {step.who for decision in preset.decisions.values() for step in decision.steps}
    if preset.settings.get("fallback_role"):
        named.add(preset.settings["fallback_role"])
    unknown = sorted(named - set(roles) - {LINE_MANAGER})
    if unknown:
        raise ValidationError(f"The preset names roles that do not exist: {', '.join(unknown)}.")


def _authority_step(rule: AuthorityRule, order: int, step: Step, roles: dict) -> AuthorityStep:
    if step.action not in AuthorityStep.Action.values:
        raise ValueError(f"{rule.decision_key}: {step.action!r} is not a step action")
    line_manager = step.who == LINE_MANAGER
    return AuthorityStep(
        rule=rule,
        order=order,
        kind=AuthorityStep.Kind.LINE_MANAGER if line_manager else AuthorityStep.Kind.ROLE,
        role=None if line_manager else roles[step.who],
        action=step.action,
        clause=step.clause,
        review_needed=step.review_needed,
    )


# What an administrator sets on the organisation settings page (and a preset sets).
ORGANISATION_SETTINGS_FIELDS = (
    "device_abroad_notice_days",
    "escalation_working_days",
    "fallback_role",
    "security_advice",
    "platforms_for_individuals",
    "platforms_for_teams",
    "platforms_for_organisation",
    "platform_rules_clause",
    "platform_rules_review_needed",
    "account_disclaimer",
    "device_staff_types",
)
# Long texts: the audit row says only that they changed.
ORGANISATION_SETTINGS_TEXTS = ("security_advice", "account_disclaimer")


@transaction.atomic
def organisation_settings_update(
    *, actor: User | None, request=None, **changes
) -> OrganisationSettings:
    """Change the organisation settings, auditing each field that changed.

    ``changes`` are ``ORGANISATION_SETTINGS_FIELDS`` by name (``fallback_role`` a
    ``Role`` or None, platform rules lists of ``Platform`` values). The audit row has
    the old and new value of each changed field; for the security advice and the
    disclaimer, only that they changed. Nothing changed, no row.
    """
    row, changed = _organisation_settings_apply(actor=actor, **changes)
    if changed:
        audit_log(
            action=StaffAction.ORGANISATION_SETTINGS_CHANGED,
            actor=actor,
            target=row,
            request=request,
            details=changed,
        )
    return row


def _organisation_settings_apply(
    *, actor: User | None, **changes
) -> tuple[OrganisationSettings, dict]:
    """Lock the settings row and save the ``changes`` that differ; returns it and them."""
    OrganisationSettings.objects.get_or_create(pk=1)
    row = OrganisationSettings.objects.select_for_update().get(pk=1)
    changed = {}
    for name, value in changes.items():
        if name not in ORGANISATION_SETTINGS_FIELDS:
            raise ValueError(f"{name} is not an organisation setting")
        old = getattr(row, name)
        if old != value:
            changed[name] = (
                "changed"
                if name in ORGANISATION_SETTINGS_TEXTS
                else {"from": _setting_display(old), "to": _setting_display(value)}
            )
            setattr(row, name, value)
    if changed:
        row.updated_by = actor
        row.full_clean()
        row.save(update_fields=[*changed, "updated_by", "updated_at"])
    return row, changed


def _setting_display(value):
    return value.key if isinstance(value, Role) else value


def _session_remember(*, user: User, request) -> None:
    """Keep the request's session in the list of the person's sessions, with where it came from."""
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "ip_address": client_ip(request), "user_agent": user_agent(request)},
    )


@transaction.atomic
def session_start(*, user: User, request) -> None:
    """Remember a new signed-in session (so it can be ended) and audit the sign-in."""
    if request is not None and request.session.session_key:
        _session_remember(user=user, request=request)
    audit_log(
        action=SignInAction.SIGNED_IN,
        actor=user,
        target=user,
        request=request,
        details={"methods": authentication_methods(request) if request else []},
    )


@transaction.atomic
def session_end(*, user: User | None, request) -> None:
    """Forget a session that was signed out and audit the sign-out."""
    if request is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    if user is not None:
        audit_log(action=SignInAction.SIGNED_OUT, actor=user, target=user, request=request)


# Stored instead of what was typed when it is not an email address: often a
# password typed in the wrong box.
NOT_AN_EMAIL_ADDRESS = "(not an email address)"


def sign_in_failure_record(*, email: str, request) -> None:
    """Audit a failed sign-in under the address that was typed (the person, if it is theirs).

    Anything typed that is not an email address is left out of the trail.
    """
    email = email[:254]
    try:
        validate_email(email)
    except ValidationError:
        email, user = NOT_AN_EMAIL_ADDRESS, None
    else:
        user = User.objects.filter(email__iexact=email).first()
    audit_log(
        action=SignInAction.SIGN_IN_FAILED,
        actor=None,
        actor_label=email,
        target=user,
        request=request,
        details={"email": email},
    )


def sso_refusal_record(*, email: str, reason: str, provider: str, request) -> None:
    """Audit a single sign-on refused because it names nobody on the current staff."""
    audit_log(
        action=SignInAction.SSO_REFUSED,
        actor_label=email[:254],
        request=request,
        details={"email": email[:254], "reason": reason, "provider": provider},
    )


def authenticator_change_record(*, user: User, action: SignInAction, authenticator_type: str, request) -> None:
    """Audit a second factor added, removed or reset by its owner."""
    audit_log(
        action=action,
        actor=user,
        target=user,
        request=request,
        details={"type": authenticator_type},
    )


def second_factor_failure_record(
    *, user: User, authenticator_type: str, reauthentication: bool, request
) -> None:
    """Audit a wrong two-factor code, at sign-in or when confirming it is them.

    At sign-in nobody is signed in yet: the event names the account the password
    was right for. The code itself is never recorded.
    """
    audit_log(
        action=SignInAction.MFA_FAILED,
        actor_label=user.email,
        target=user,
        request=request,
        details={"type": authenticator_type, "reauthentication": reauthentication},
    )


@transaction.atomic
def password_reset_requested(*, user: User, request) -> None:
    """Audit a reset link sent to a person's address. Whoever asked is not signed in:
    the trail keeps the address they asked from, the person keeps a way to tell."""
    audit_log(
        action=SignInAction.PASSWORD_RESET_REQUESTED,
        actor=None,
        actor_label="someone not signed in",
        target=user,
        request=request,
    )


def password_change_record(*, user: User, action: SignInAction, request) -> None:
    """Audit a password changed, set for the first time, or reset from an emailed link.

    A new password ends every other session of the person (Django checks each
    session against the password), and the session that changed it carries on
    under a new key: the sessions remembered for them are brought in step, so the
    staff page counts what is really signed in.
    """
    audit_log(action=action, actor=user, target=user, request=request)
    key = request.session.session_key if request is not None and user.is_authenticated else None
    UserSession.objects.filter(user=user).exclude(session_key=key or "").delete()
    if key and request.user.is_authenticated and request.user.pk == user.pk:
        _session_remember(user=user, request=request)
