"""Every change to the register of social-media accounts.

Each function is one state change: atomic, the account's row locked first (two
people acting on one account take turns, and the second finds the change made),
refusing what the account's state or the actor does not allow with a clear
``ValidationError``, writing the audit event with the actor, and telling people
by ``notify``, whose emails leave after commit. ``http_request`` is the web
request when there is one (the audit trail takes the address from it).

What the policies make reportable (003 §3.9: a new password, a new name, a new
owner; the specification adds access given or removed, apps connected and
closure) is told to the accounts authority (``selectors``). Anything that means
the people who know the password have changed (someone's access removed, a new
owner, a lost device) raises "password change required" until a new password is
registered (003 §5.7).

Credentials go through ``vault`` only, and no audit event, message or error
ever carries one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import audit_log
from kernel.access import uses_role
from kernel.http import user_agent
from kernel.platforms import Platform
from kernel.roles import RoleKey
from notifications.models import Notification
from notifications.services import notify
from staff.models import User
from staff.selectors import role_holders

from . import authorizers
from .audit_actions import AccountAction
from .crypto import CredentialError
from .models import Access, Account, ConnectedApp, Handover, Review, Secret
from .rules import platform_refusal
from .selectors import accounts_authority_people, is_accounts_authority
from .selectors import accounts_reachable_by as accounts_reachable_by  # for callers of services
from .signals import account_registered
from .vault import vault_read, vault_store

Status = Account.Status

# Days after approval at which the communications team hears of an unregistered account.
REGISTRATION_ESCALATE_AFTER_DAYS = 21
# The annual review: first reminder this many days before, the team told this many after.
REVIEW_REMIND_DAYS_BEFORE = 30
REVIEW_ESCALATE_AFTER_DAYS = 14
WEEK = 7

DETAIL_FIELDS = (
    "handle",
    "url",
    "purpose",
    "moderator",
    "administrator",
    "team",
    "registration_email",
    "disclaimer_shown",
    "platform_other",
)
PEOPLE_FIELDS = ("moderator", "administrator", "team")


# Helpers ------------------------------------------------------------------------------


def _refuse_unless(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)


def _locked(account: Account) -> Account:
    return Account.objects.select_for_update().get(pk=account.pk)


def _refuse_if_closed(account: Account) -> None:
    _refuse_unless(not account.is_closed, "This account is closed: nothing more can change on it.")


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _check_registration_email(email: str) -> str:
    email = email.strip().lower()
    domain = settings.ORGANISATION_EMAIL_DOMAIN.lower()
    _refuse_unless(
        email.rsplit("@", 1)[-1] == domain,
        f"Register the account with a work address ending @{domain}, never a personal one, "
        "so that the organisation can recover it (003 §3.10).",
    )
    return email


def _check_platform(platform: str, platform_other: str) -> None:
    _refuse_unless(platform in Platform.values, "Choose the platform the account is on.")
    _refuse_unless(
        platform != Platform.OTHER or bool(platform_other.strip()),
        "Say which platform the account is on.",
    )


def _check_platform_allowed(platform: str, owner_kind: str) -> None:
    refusal = platform_refusal(platform, owner_kind)
    if refusal:
        raise ValidationError(refusal)


def _check_handle_free(platform: str, handle: str, *, account_pk: int | None = None) -> None:
    taken = (
        Account.objects.not_closed()
        .filter(platform=platform, handle__iexact=handle)
        .exclude(pk=account_pk)
        .exists()
    )
    _refuse_unless(
        not taken,
        f"{handle} is already on the register for {Platform(platform).label}: "
        "one entry per account.",
    )


def _save_new(account: Account) -> Account:
    """Insert the account; a concurrent entry of the same name is the same clear refusal."""
    try:
        with transaction.atomic():
            account.save(force_insert=True)
    except IntegrityError:
        _check_handle_free(account.platform, account.handle)
        raise
    return account


def _is_current_staff(person: User | None) -> bool:
    return person is not None and User.objects.current().filter(pk=person.pk).exists()


def _communications_team() -> list[User]:
    return list(role_holders(RoleKey.COMMUNICATIONS))


def _people(*groups: Iterable[User | None], leaving_out: User | None = None) -> list[User]:
    """The people of ``groups`` once each, without the one who acted."""
    people: dict[int, User] = {}
    for group in groups:
        for person in group:
            if person is not None and (leaving_out is None or person.pk != leaving_out.pk):
                people.setdefault(person.pk, person)
    return list(people.values())


def _report(
    account: Account, *, actor: User | None, change: str, key: str, also: Iterable[User | None] = ()
) -> None:
    """Tell the accounts authority (and ``also``) of a reportable change, not the actor."""
    for person in _people(accounts_authority_people(), also, leaving_out=actor):
        notify(
            recipient=person,
            kind="account_changed",
            key=f"{key}:{person.pk}",
            context={"account": account, "actor": actor, "change": change},
            link=account.get_absolute_url(),
        )


def _require_password_change(account: Account, reason: str) -> bool:
    """Raise the flag (keeping the first reason while one is owed); True if it was not set."""
    if account.password_change_required:
        return False
    account.password_change_required = True
    account.password_change_reason = reason[:300]
    account.password_change_since = timezone.now()
    return True


def _tell_password_change_required(account: Account, *, actor: User | None, key: str) -> None:
    for person in _people([account.owner, account.administrator], leaving_out=actor):
        notify(
            recipient=person,
            kind="account_password_change_required",
            key=f"{key}:{person.pk}",
            context={"account": account, "reason": account.password_change_reason},
            link=account.get_absolute_url(),
        )


def _field_name(field: str) -> str:
    """A credential field as words inside a sentence: "password", "authenticator (TOTP) seed"."""
    label = str(Secret.Field(field).label)
    return label[0].lower() + label[1:]


def _digest(value: str) -> str:
    """A short digest for idempotency keys built from free text."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


# Entering accounts on the register ----------------------------------------------------------


@transaction.atomic
def account_create_from_request(
    *,
    request_id: int,
    platform: str,
    platform_other: str = "",
    handle: str,
    purpose: str,
    owner: User,
    owner_kind: str,
    team=None,
    moderator: User,
    registration_email: str,
    actor: User | None = None,
) -> Account:
    """Enter an approved request's account on the register, awaiting registration.

    Called when the request is approved; a second call for the same request returns
    the account already entered. The owner is told to register its credentials.
    """
    existing = Account.objects.filter(source_request_id=request_id).first()
    if existing is not None:
        return existing
    handle = handle.strip()
    _check_platform(platform, platform_other)
    _check_handle_free(platform, handle)
    account = _save_new(
        Account(
            source_request_id=request_id,
            platform=platform,
            platform_other=platform_other.strip() if platform == Platform.OTHER else "",
            handle=handle,
            purpose=purpose.strip(),
            owner=owner,
            owner_kind=owner_kind,
            team=team,
            moderator=moderator,
            registration_email=_check_registration_email(registration_email),
        )
    )
    audit_log(
        action=AccountAction.CREATED,
        actor=actor,
        target=account,
        details={"request": request_id, "owner": owner.pk},
    )
    _tell_awaiting_registration(account)
    return account


def _tell_awaiting_registration(account: Account) -> None:
    """The owner registers the credentials; the communications team can do it for them."""
    notify(
        recipient=account.owner,
        kind="account_awaiting_registration",
        key=f"social-account:{account.pk}:awaiting-registration",
        context={"account": account, "for_owner": True},
        link=account.get_absolute_url(),
    )
    for person in _people(_communications_team(), leaving_out=account.owner):
        notify(
            recipient=person,
            kind="account_awaiting_registration",
            key=f"social-account:{account.pk}:awaiting-registration:{person.pk}",
            context={"account": account, "for_owner": False},
            link=account.get_absolute_url(),
        )


@transaction.atomic
def account_add(
    *,
    actor: User,
    platform: str,
    platform_other: str = "",
    handle: str,
    url: str = "",
    purpose: str,
    owner: User,
    owner_kind: str,
    team=None,
    moderator: User,
    administrator: User | None = None,
    registration_email: str,
    disclaimer_shown: bool = False,
    http_request=None,
) -> Account:
    """The communications team records an account that exists already; it awaits
    registration of its credentials like an approved one."""
    _refuse_unless(
        authorizers.may_add_accounts(actor),
        "Only the communications team records existing accounts.",
    )
    handle = handle.strip()
    _check_platform(platform, platform_other)
    _check_platform_allowed(platform, owner_kind)
    _check_handle_free(platform, handle)
    account = _save_new(
        Account(
            platform=platform,
            platform_other=platform_other.strip() if platform == Platform.OTHER else "",
            handle=handle,
            url=url.strip(),
            purpose=purpose.strip(),
            owner=owner,
            owner_kind=owner_kind,
            team=team,
            moderator=moderator,
            administrator=administrator,
            registration_email=_check_registration_email(registration_email),
            disclaimer_shown=disclaimer_shown,
        )
    )
    audit_log(
        action=AccountAction.ADDED,
        actor=actor,
        target=account,
        request=http_request,
        details={"owner": owner.pk},
    )
    _tell_awaiting_registration(account)
    return account


@transaction.atomic
def account_update(*, account: Account, actor: User, http_request=None, **changes) -> Account:
    """Change an account's details. A new name is reportable (003 §3.9); the owner changes
    only by hand-over."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"account_update cannot change {', '.join(sorted(unknown))}")
    account = _locked(account)
    _refuse_if_closed(account)
    _refuse_unless(authorizers.may_manage(actor, account), "You cannot change this account.")
    changes = _cleaned_details(account, changes)
    changed = [name for name, value in changes.items() if getattr(account, name) != value]
    if not changed:
        return account
    old_handle = account.handle
    for name in changed:
        setattr(account, name, changes[name])
    account.save(update_fields=[*changed, "updated_at"])
    audit_log(
        action=AccountAction.UPDATED,
        actor=actor,
        target=account,
        request=http_request,
        details=_change_details(changed, account, old_handle),
    )
    if "handle" in changed:
        _report(
            account,
            actor=actor,
            change=f"renamed the account from {old_handle} to {account.handle}",
            key=f"social-account:{account.pk}:renamed:{_digest(account.handle)}",
        )
    return account


def _cleaned_details(account: Account, changes: dict) -> dict:
    cleaned = dict(changes)
    for name in ("handle", "url", "purpose", "platform_other"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "handle" in cleaned:
        _refuse_unless(bool(cleaned["handle"]), "Give the account's name or handle.")
        if cleaned["handle"].lower() != account.handle.lower():
            _check_handle_free(account.platform, cleaned["handle"], account_pk=account.pk)
    if "purpose" in cleaned:
        _refuse_unless(bool(cleaned["purpose"]), "Say what the account is for.")
    if "moderator" in cleaned:
        _refuse_unless(cleaned["moderator"] is not None, "Every account needs an agreed moderator.")
    if "registration_email" in cleaned:
        cleaned["registration_email"] = _check_registration_email(cleaned["registration_email"])
    if "platform_other" in cleaned:
        _check_platform(account.platform, cleaned["platform_other"])
        if account.platform != Platform.OTHER:
            cleaned["platform_other"] = ""
    return cleaned


def _change_details(changed: list[str], account: Account, old_handle: str) -> dict:
    details: dict = {"changed": changed}
    if "handle" in changed:
        details["handle"] = {"from": old_handle, "to": account.handle}
    for name in PEOPLE_FIELDS:
        if name in changed:
            details[name] = getattr(account, f"{name}_id")
    return details


# Credentials ---------------------------------------------------------------------------------


@transaction.atomic
def account_register(
    *,
    account: Account,
    actor: User,
    username: str,
    password: str,
    totp_seed: str = "",
    recovery_codes: str = "",
    notes: str = "",
    http_request=None,
) -> Account:
    """Register the credentials of an account awaiting registration: it becomes active and
    its first annual review falls due in a year."""
    account = _locked(account)
    _refuse_unless(
        account.status == Status.AWAITING_REGISTRATION,
        "This account's credentials are registered already: change them instead.",
    )
    _refuse_unless(authorizers.may_manage(actor, account), "You cannot register this account.")
    _refuse_unless(bool(username.strip()), "Give the username the account signs in with.")
    _refuse_unless(bool(password), "Give the account's password.")
    _check_platform_allowed(account.platform, account.owner_kind)
    values = {
        Secret.Field.USERNAME: username.strip(),
        Secret.Field.PASSWORD: password,
        Secret.Field.TOTP_SEED: totp_seed.strip(),
        Secret.Field.RECOVERY_CODES: recovery_codes.strip(),
        Secret.Field.NOTES: notes.strip(),
    }
    stored = [field for field, value in values.items() if value]
    for field in stored:
        vault_store(account=account, field=field, value=values[field], actor=actor)
    now = timezone.now()
    account.status = Status.ACTIVE
    account.registered_at = now
    account.review_due_on = _a_year_after(timezone.localdate(now))
    account.save(update_fields=["status", "registered_at", "review_due_on", "updated_at"])
    audit_log(
        action=AccountAction.REGISTERED,
        actor=actor,
        target=account,
        request=http_request,
        details={"fields": [str(field) for field in stored]},
    )
    _report(
        account,
        actor=actor,
        change="registered the account's credentials",
        key=f"social-account:{account.pk}:registered",
        also=[account.owner],
    )
    account_registered.send(sender=Account, account=account, actor=actor)
    return account


@transaction.atomic
def credentials_change(
    *,
    account: Account,
    actor: User,
    username: str | None = None,
    password: str | None = None,
    totp_seed: str | None = None,
    recovery_codes: str | None = None,
    notes: str | None = None,
    http_request=None,
) -> Account:
    """Register new credentials: each field given replaces the current one, which is kept
    (replaced) for recovery after a hack. A new password clears "password change
    required"; a new password or username is reported to the accounts authority."""
    account = _locked(account)
    _refuse_if_closed(account)
    _refuse_unless(account.status == Status.ACTIVE, "Register this account's credentials first.")
    _refuse_unless(
        authorizers.may_manage(actor, account), "You cannot change this account's credentials."
    )
    given = {
        Secret.Field.USERNAME: username.strip() if username is not None else None,
        Secret.Field.PASSWORD: password,
        Secret.Field.TOTP_SEED: totp_seed.strip() if totp_seed is not None else None,
        Secret.Field.RECOVERY_CODES: recovery_codes.strip() if recovery_codes is not None else None,
        Secret.Field.NOTES: notes.strip() if notes is not None else None,
    }
    given = {field: value for field, value in given.items() if value is not None}
    _refuse_unless(bool(given), "Type at least one new credential.")
    _refuse_unless(given.get(Secret.Field.USERNAME) != "", "The username cannot be empty.")
    _refuse_unless(given.get(Secret.Field.PASSWORD) != "", "The password cannot be empty.")
    stored = {
        field: vault_store(account=account, field=field, value=value, actor=actor)
        for field, value in given.items()
    }
    cleared = Secret.Field.PASSWORD in stored and account.password_change_required
    if cleared:
        account.password_change_required = False
        account.password_change_reason = ""
        account.password_change_since = None
        account.save(
            update_fields=[
                "password_change_required",
                "password_change_reason",
                "password_change_since",
                "updated_at",
            ]
        )
    audit_log(
        action=AccountAction.CREDENTIALS_CHANGED,
        actor=actor,
        target=account,
        request=http_request,
        details={
            "fields": [str(field) for field in stored],
            "password_change_required_cleared": cleared,
        },
    )
    reportable = [f for f in (Secret.Field.PASSWORD, Secret.Field.USERNAME) if f in stored]
    if reportable:
        words = " and ".join(_field_name(f) for f in reportable)
        _report(
            account,
            actor=actor,
            change=f"registered a new {words}",
            key=f"social-account:{account.pk}:credentials:{stored[reportable[0]].pk}",
            also=[account.owner],
        )
    return account


@transaction.atomic
def secret_reveal(
    *,
    account: Account,
    field: str,
    actor: User,
    reason: str,
    http_request=None,
    secret: Secret | None = None,
) -> str:
    """One credential in clear text, for someone allowed to see it, with the reason why.

    The reveal is in the audit trail (who, which field, why, from where, with which
    browser) before the secret is decrypted; the owner and the accounts authority are
    told. An earlier (replaced) secret is for the accounts authority only. A secret
    that cannot be decrypted raises ``crypto.CredentialError`` and nothing is recorded.
    """
    reason = reason.strip()
    _refuse_unless(bool(reason), "Say why you need to see it: the owner is told.")
    _refuse_unless(field in Secret.Field.values, "There is no such credential.")
    account = Account.objects.select_related("owner").get(pk=account.pk)
    _refuse_unless(
        authorizers.may_reveal(actor, account), "You cannot see this account's credentials."
    )
    secret = _secret_to_reveal(account, field, secret)
    earlier = secret.replaced_at is not None
    _refuse_unless(
        not earlier or is_accounts_authority(actor),
        "Only the accounts authority sees earlier passwords.",
    )
    details = {
        "field": field,
        "reason": reason[:500],
        "browser": user_agent(http_request, limit=200),
    }
    if earlier:
        details["earlier_from"] = secret.created_at.isoformat()
    event = audit_log(
        action=AccountAction.REVEALED,
        actor=actor,
        target=account,
        request=http_request,
        details=details,
    )
    value = vault_read(secret)
    _tell_revealed(account, secret, actor=actor, reason=reason, event_pk=event.pk)
    return value


@transaction.atomic
def secret_reveal_failed(
    *, account: Account, field: str, actor: User, error: CredentialError, http_request=None
) -> None:
    """Record a reveal that was asked for but could not be decrypted: a key missing from
    the configuration, or a secret altered in the database. The reveal itself left no
    trace (its transaction was rolled back with the error); this one stays."""
    audit_log(
        action=AccountAction.REVEAL_FAILED,
        actor=actor,
        target=account,
        request=http_request,
        details={"field": field, "error": type(error).__name__, "message": str(error)[:300]},
    )


def _secret_to_reveal(account: Account, field: str, secret: Secret | None) -> Secret:
    if secret is None:
        secret = account.secrets.current().filter(field=field).first()
        _refuse_unless(
            secret is not None, f"No {_field_name(field)} is registered for this account."
        )
        return secret
    _refuse_unless(
        secret.account_id == account.pk and secret.field == field,
        "That credential does not belong to this account.",
    )
    return secret


def _tell_revealed(
    account: Account, secret: Secret, *, actor: User, reason: str, event_pk: int
) -> None:
    # The owner hears of every reveal, their own too: one they did not make is the
    # alarm. The authority hears of others' reveals.
    people = _people([account.owner], _people(accounts_authority_people(), leaving_out=actor))
    for person in people:
        notify(
            recipient=person,
            kind="account_secret_revealed",
            key=f"social-account-reveal:{event_pk}:{person.pk}",
            context={
                "account": account,
                "actor": actor,
                "field": secret.get_field_display(),
                "earlier": secret.replaced_at is not None,
                "reason": reason,
            },
            link=account.get_absolute_url(),
        )


# People with access and connected apps ----------------------------------------------------


@transaction.atomic
def access_grant(*, account: Account, person: User, actor: User, http_request=None) -> Access:
    """Record that ``person`` can sign in to the account from now."""
    account = _locked(account)
    _refuse_if_closed(account)
    _refuse_unless(
        authorizers.may_manage(actor, account), "You cannot change who has access to this account."
    )
    _refuse_unless(_is_current_staff(person), f"{person} no longer works here.")
    _refuse_unless(
        not account.accesses.current().filter(person=person).exists(),
        f"{person} has access already.",
    )
    access = Access.objects.create(
        account=account, person=person, granted_at=timezone.now(), granted_by=actor
    )
    audit_log(
        action=AccountAction.ACCESS_GRANTED,
        actor=actor,
        target=account,
        request=http_request,
        details={"access": access.pk, "person": person.pk},
    )
    _report(
        account,
        actor=actor,
        change=f"gave {person} access",
        key=f"social-account-access:{access.pk}:granted",
    )
    return access


@transaction.atomic
def access_remove(
    *,
    access: Access,
    actor: User,
    reason: str = "",
    staff_change: bool = False,
    http_request=None,
) -> Access:
    """End someone's access. Whoever looks after the password must now change it (003 §5.7).

    ``staff_change``: the person moves team or leaves, and whoever handles that (their
    manager, HR) ends it; the caller has checked they may. Otherwise only those who
    manage the account may.
    """
    account = _locked(access.account)
    access = Access.objects.select_related("person").get(pk=access.pk)
    _refuse_unless(access.removed_at is None, f"{access.person}'s access was removed already.")
    _refuse_unless(
        staff_change or authorizers.may_manage(actor, account),
        "You cannot change who has access to this account.",
    )
    access.removed_at = timezone.now()
    access.removed_by = actor
    access.removed_reason = reason.strip()[:300]
    access.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    raised = False
    if not account.is_closed:
        raised = _require_password_change(account, f"{access.person}'s access was removed.")
        if raised:
            account.save(
                update_fields=[
                    "password_change_required",
                    "password_change_reason",
                    "password_change_since",
                    "updated_at",
                ]
            )
    audit_log(
        action=AccountAction.ACCESS_REMOVED,
        actor=actor,
        target=account,
        request=http_request,
        details={
            "access": access.pk,
            "person": access.person_id,
            "reason": access.removed_reason,
            "password_change_required": raised,
        },
    )
    if raised:
        _tell_password_change_required(
            account, actor=actor, key=f"social-account-access:{access.pk}:password-change"
        )
    _report(
        account,
        actor=actor,
        change=f"removed {access.person}'s access",
        key=f"social-account-access:{access.pk}:removed",
    )
    return access


@transaction.atomic
def app_add(
    *, account: Account, actor: User, name: str, access: str, http_request=None
) -> ConnectedApp:
    """Record a third-party app connected to the account; one the communications team
    connects is marked, and only they remove it."""
    name, access = name.strip(), access.strip()
    _refuse_unless(bool(name), "Give the app's name.")
    _refuse_unless(bool(access), "Say what the app can do on the account.")
    account = _locked(account)
    _refuse_if_closed(account)
    _refuse_unless(
        authorizers.may_manage(actor, account),
        "You cannot change the apps connected to this account.",
    )
    app = ConnectedApp.objects.create(
        account=account,
        name=name[:100],
        access=access[:300],
        added_by=actor,
        added_at=timezone.now(),
        by_communications=uses_role(actor, RoleKey.COMMUNICATIONS),
    )
    audit_log(
        action=AccountAction.APP_ADDED,
        actor=actor,
        target=account,
        request=http_request,
        details={"app": app.pk, "name": app.name, "by_communications": app.by_communications},
    )
    _report(
        account,
        actor=actor,
        change=f"connected the app {app.name}",
        key=f"social-account-app:{app.pk}:added",
    )
    return app


@transaction.atomic
def app_remove(*, app: ConnectedApp, actor: User, http_request=None) -> ConnectedApp:
    """Disconnect an app. One the communications team connected stays unless they remove it
    (003 §3.13)."""
    account = _locked(app.account)
    app = ConnectedApp.objects.get(pk=app.pk)
    _refuse_unless(app.removed_at is None, f"{app.name} was removed already.")
    if app.by_communications:
        _refuse_unless(
            authorizers.is_communications(actor),
            f"{app.name} was connected by the communications team: only they remove it "
            "(003 §3.13).",
        )
    _refuse_unless(
        authorizers.may_remove_app(actor, app),
        "You cannot change the apps connected to this account.",
    )
    app.removed_at = timezone.now()
    app.removed_by = actor
    app.save(update_fields=["removed_at", "removed_by"])
    audit_log(
        action=AccountAction.APP_REMOVED,
        actor=actor,
        target=account,
        request=http_request,
        details={"app": app.pk, "name": app.name},
    )
    return app


# Hand-over and closure (003 §4.22-4.23) ------------------------------------------------------


def _locked_handover(handover: Handover) -> tuple[Account, Handover]:
    """Lock the account, then read the hand-over again: it may have been answered meanwhile."""
    account = _locked(handover.account)
    handover = Handover.objects.select_related("to_owner", "from_owner", "offered_by").get(
        pk=handover.pk
    )
    _refuse_unless(
        handover.accepted_at is None
        and handover.declined_at is None
        and handover.cancelled_at is None,
        "This hand-over has been answered already; the account page shows where it stands.",
    )
    return account, handover


@transaction.atomic
def handover_offer(
    *, account: Account, to_owner: User, actor: User, note: str = "", http_request=None
) -> Handover:
    """Offer the account to another member of staff, who accepts or declines it."""
    account = _locked(account)
    _refuse_if_closed(account)
    _refuse_unless(
        authorizers.may_hand_over_or_close(actor, account),
        "Only the owner or the communications team hands an account over.",
    )
    _refuse_unless(to_owner.pk != account.owner_id, f"{to_owner} owns this account already.")
    _refuse_unless(
        _is_current_staff(to_owner), f"{to_owner} no longer works here: choose someone who does."
    )
    pending = account.handovers.pending().select_related("to_owner").first()
    _refuse_unless(
        pending is None,
        f"The account is offered to {pending.to_owner if pending else ''} already: "
        "withdraw that offer first.",
    )
    handover = Handover.objects.create(
        account=account,
        from_owner=account.owner,
        to_owner=to_owner,
        offered_by=actor,
        offered_at=timezone.now(),
        note=note.strip(),
    )
    audit_log(
        action=AccountAction.HANDOVER_OFFERED,
        actor=actor,
        target=account,
        request=http_request,
        details={"handover": handover.pk, "to": to_owner.pk},
    )
    notify(
        recipient=to_owner,
        kind="account_handover_offered",
        key=f"social-account-handover:{handover.pk}:offered",
        context={"account": account, "handover": handover},
        link=account.get_absolute_url(),
    )
    return handover


@transaction.atomic
def handover_accept(*, handover: Handover, actor: User, http_request=None) -> Handover:
    """The new owner takes the account on. Its password must change, and the communications
    team and the accounts authority are told (003 §3.9, §4.22)."""
    account, handover = _locked_handover(handover)
    _refuse_unless(
        authorizers.may_answer_handover(actor, handover),
        "Only the person it is offered to accepts an account.",
    )
    _refuse_unless(_is_current_staff(actor), "You cannot take on accounts any more.")
    previous = account.owner
    now = timezone.now()
    handover.accepted_at = now
    handover.save(update_fields=["accepted_at"])
    account.owner = handover.to_owner
    _require_password_change(account, f"The owner changed from {previous} to {account.owner}.")
    account.save(
        update_fields=[
            "owner",
            "password_change_required",
            "password_change_reason",
            "password_change_since",
            "updated_at",
        ]
    )
    audit_log(
        action=AccountAction.HANDOVER_ACCEPTED,
        actor=actor,
        target=account,
        request=http_request,
        details={"handover": handover.pk, "from": previous.pk, "to": actor.pk},
    )
    _tell_answered(handover, account, answer="accepted")
    _report(
        account,
        actor=actor,
        change=f"took the account over from {previous}",
        key=f"social-account-handover:{handover.pk}:accepted",
        also=_communications_team(),
    )
    _tell_password_change_required(
        account, actor=None, key=f"social-account-handover:{handover.pk}:password-change"
    )
    return handover


def _tell_answered(handover: Handover, account: Account, *, answer: str) -> None:
    """The people on the other side of an offer hear the answer."""
    if answer == "cancelled":
        people = [handover.to_owner]
    else:
        people = _people([handover.offered_by, handover.from_owner])
    for person in people:
        notify(
            recipient=person,
            kind="account_handover_answered",
            key=f"social-account-handover:{handover.pk}:{answer}:{person.pk}",
            context={"account": account, "handover": handover, "answer": answer},
            link=account.get_absolute_url(),
        )


@transaction.atomic
def handover_decline(*, handover: Handover, actor: User, http_request=None) -> Handover:
    """The person offered the account says no; the owner keeps it."""
    account, handover = _locked_handover(handover)
    _refuse_unless(
        authorizers.may_answer_handover(actor, handover),
        "Only the person it is offered to declines an account.",
    )
    handover.declined_at = timezone.now()
    handover.save(update_fields=["declined_at"])
    audit_log(
        action=AccountAction.HANDOVER_DECLINED,
        actor=actor,
        target=account,
        request=http_request,
        details={"handover": handover.pk},
    )
    _tell_answered(handover, account, answer="declined")
    return handover


@transaction.atomic
def handover_cancel(*, handover: Handover, actor: User, http_request=None) -> Handover:
    """Withdraw an offer nobody has answered (the one who made it, the owner, or the
    communications team)."""
    account, handover = _locked_handover(handover)
    _refuse_unless(
        actor.pk == handover.offered_by_id or authorizers.may_hand_over_or_close(actor, account),
        "Only the owner or the communications team withdraws this offer.",
    )
    _cancel(handover)
    audit_log(
        action=AccountAction.HANDOVER_CANCELLED,
        actor=actor,
        target=account,
        request=http_request,
        details={"handover": handover.pk},
    )
    _tell_answered(handover, account, answer="cancelled")
    return handover


def _cancel(handover: Handover) -> None:
    handover.cancelled_at = timezone.now()
    handover.save(update_fields=["cancelled_at"])


@transaction.atomic
def account_close(*, account: Account, actor: User, reason: str, http_request=None) -> Account:
    """Close the account (it stays on the register, closed). A pending hand-over is
    withdrawn; the accounts authority and the communications team are told."""
    reason = reason.strip()
    _refuse_unless(bool(reason), "Say why the account is closing.")
    account = _locked(account)
    _refuse_unless(not account.is_closed, "This account is closed already.")
    _refuse_unless(
        authorizers.may_hand_over_or_close(actor, account),
        "Only the owner or the communications team closes an account.",
    )
    pending = account.handovers.pending().select_related("to_owner").first()
    if pending is not None:
        _cancel(pending)
    account.status = Status.CLOSED
    account.closed_at = timezone.now()
    account.closed_reason = reason
    account.closed_by = actor
    account.save(update_fields=["status", "closed_at", "closed_reason", "closed_by", "updated_at"])
    audit_log(
        action=AccountAction.CLOSED,
        actor=actor,
        target=account,
        request=http_request,
        details={"reason": reason[:500], "handover_cancelled": pending.pk if pending else None},
    )
    if pending is not None:
        _tell_answered(pending, account, answer="cancelled")
    _report(
        account,
        actor=actor,
        change="closed the account",
        key=f"social-account:{account.pk}:closed",
        also=[*_communications_team(), account.owner],
    )
    return account


# Flags and the annual review --------------------------------------------------------------


@transaction.atomic
def mark_password_change_required(
    *,
    accounts: Iterable[Account],
    reason: str,
    actor: User | None = None,
    at_risk: bool = False,
    http_request=None,
) -> int:
    """Mark each open account "password change required" (and "at risk" when asked), e.g.
    after a lost device or a leaver. Audited per account; each owner told once per
    reason. Returns how many accounts changed."""
    reason = reason.strip()
    _refuse_unless(bool(reason), "Say why the passwords must change.")
    ids = sorted({account.pk for account in accounts})
    locked = Account.objects.select_for_update().filter(pk__in=ids).not_closed().order_by("pk")
    changed = 0
    for account in locked:
        if _flag(account, reason, at_risk=at_risk):
            changed += 1
            audit_log(
                action=AccountAction.PASSWORD_CHANGE_REQUIRED,
                actor=actor,
                target=account,
                request=http_request,
                details={"reason": reason[:300], "at_risk": at_risk},
            )
            _tell_password_change_required(
                account,
                actor=None,
                key=f"social-account:{account.pk}:password-change:{_digest(reason)}",
            )
    return changed


def _flag(account: Account, reason: str, *, at_risk: bool) -> bool:
    """Set the flags on a locked account and save; True if anything changed."""
    fields = []
    if _require_password_change(account, reason):
        fields += ["password_change_required", "password_change_reason", "password_change_since"]
    if at_risk and not account.at_risk:
        account.at_risk = True
        account.at_risk_reason = reason[:300]
        account.at_risk_since = timezone.now()
        fields += ["at_risk", "at_risk_reason", "at_risk_since"]
    if fields:
        account.save(update_fields=[*fields, "updated_at"])
    return bool(fields)


@transaction.atomic
def at_risk_clear(*, account: Account, actor: User, note: str, http_request=None) -> Account:
    """The communications team judges the account safe again, saying why."""
    note = note.strip()
    _refuse_unless(bool(note), "Say why the account is safe again.")
    account = _locked(account)
    _refuse_unless(
        authorizers.may_clear_at_risk(actor), "Only the communications team clears this."
    )
    _refuse_unless(account.at_risk, "This account is not marked at risk.")
    previous = account.at_risk_reason
    account.at_risk = False
    account.at_risk_reason = ""
    account.at_risk_since = None
    account.save(update_fields=["at_risk", "at_risk_reason", "at_risk_since", "updated_at"])
    audit_log(
        action=AccountAction.AT_RISK_CLEARED,
        actor=actor,
        target=account,
        request=http_request,
        details={"note": note[:500], "was": previous},
    )
    return account


@transaction.atomic
def review_confirm(
    *,
    account: Account,
    actor: User,
    still_needed: bool,
    content_current: bool,
    access_right: bool,
    apps_right: bool,
    note: str = "",
    http_request=None,
) -> Review:
    """The owner's yearly confirmation; the next review falls due a year from today. An
    account no longer needed is closed separately (the page offers it)."""
    account = _locked(account)
    _refuse_unless(account.status == Status.ACTIVE, "Only an active account is reviewed.")
    _refuse_unless(
        authorizers.may_review(actor, account), "Only the account's owner confirms its review."
    )
    now = timezone.now()
    review = Review.objects.create(
        account=account,
        due_on=account.review_due_on or timezone.localdate(now),
        still_needed=still_needed,
        content_current=content_current,
        access_right=access_right,
        apps_right=apps_right,
        note=note.strip(),
        confirmed_at=now,
        confirmed_by=actor,
    )
    account.review_due_on = _a_year_after(timezone.localdate(now))
    account.save(update_fields=["review_due_on", "updated_at"])
    audit_log(
        action=AccountAction.REVIEWED,
        actor=actor,
        target=account,
        request=http_request,
        details={
            "review": review.pk,
            "still_needed": still_needed,
            "content_current": content_current,
            "access_right": access_right,
            "apps_right": apps_right,
            "next_due": account.review_due_on.isoformat(),
        },
    )
    return review


def register_export(*, actor: User, filters: dict, rows: int, http_request=None) -> None:
    """Record that someone downloaded the register as CSV, and with which filters."""
    audit_log(
        action=AccountAction.EXPORTED,
        actor=actor,
        request=http_request,
        details={"filters": filters, "rows": rows},
    )


# Daily work (Celery beat) ------------------------------------------------------------------
#
# Each job works out, for every account, the latest point of its schedule reached
# today and sends that point's email under a key of its own: a re-run, a retry or a
# second worker sends nothing twice, and a missed day sends one email, not several.


def _send_once(*, recipient: User, kind: str, key: str, context: dict, link: str) -> int:
    """Notify unless the key was used; 1 if an email was queued now."""
    if Notification.objects.filter(idempotency_key=key).exists():
        return 0
    with transaction.atomic():
        notify(recipient=recipient, kind=kind, key=key, context=context, link=link)
    return 1


def _weeks_point(days: int) -> str | None:
    """``week-<n>`` once ``days`` reaches n whole weeks; None before the first."""
    weeks = days // WEEK
    return f"week-{weeks}" if weeks >= 1 else None


def registrations_remind(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind owners weekly of accounts awaiting registration; after three weeks tell the
    communications team too (once per account)."""
    today = today or timezone.localdate()
    counts = {"reminders": 0, "escalations": 0}
    team = _communications_team()
    waiting = Account.objects.filter(status=Status.AWAITING_REGISTRATION).select_related("owner")
    for account in waiting.iterator(chunk_size=500):
        days = (today - timezone.localdate(account.created_at)).days
        point = _weeks_point(days)
        if point is None:
            continue
        context = {"account": account, "days": days}
        counts["reminders"] += _send_once(
            recipient=account.owner,
            kind="account_registration_reminder",
            key=f"social-account:{account.pk}:registration-reminder:{point}",
            context=context,
            link=account.get_absolute_url(),
        )
        if days >= REGISTRATION_ESCALATE_AFTER_DAYS:
            for person in team:
                counts["escalations"] += _send_once(
                    recipient=person,
                    kind="account_registration_overdue",
                    key=f"social-account:{account.pk}:registration-overdue:{person.pk}",
                    context=context,
                    link=account.get_absolute_url(),
                )
    return counts


def password_changes_remind(*, today: dt.date | None = None) -> int:
    """Remind the owner and administrator of each flagged open account: a day after it was
    flagged, then weekly, until a new password is registered."""
    today = today or timezone.localdate()
    sent = 0
    flagged = (
        Account.objects.not_closed()
        .filter(password_change_required=True, password_change_since__isnull=False)
        .select_related("owner", "administrator")
    )
    for account in flagged.iterator(chunk_size=500):
        since = timezone.localdate(account.password_change_since)
        days = (today - since).days
        point = _weeks_point(days) or ("day-1" if days >= 1 else None)
        if point is None:
            continue
        for person in _people([account.owner, account.administrator]):
            sent += _send_once(
                recipient=person,
                kind="account_password_change_required",
                key=f"social-account:{account.pk}:password-change-reminder:"
                f"{since.isoformat()}:{point}:{person.pk}",
                context={
                    "account": account,
                    "reason": account.password_change_reason,
                    "reminder": True,
                    "days": days,
                },
                link=account.get_absolute_url(),
            )
    return sent


def review_point(*, due_on: dt.date, today: dt.date) -> str | None:
    """The latest point of the review schedule reached on ``today``: ``before`` (within
    REVIEW_REMIND_DAYS_BEFORE days), ``due`` (the day and the week after), then
    ``overdue-week-<n>``; None before the first."""
    days_left = (due_on - today).days
    if days_left > REVIEW_REMIND_DAYS_BEFORE:
        return None
    if days_left > 0:
        return "before"
    weeks = -days_left // WEEK
    return f"overdue-week-{weeks}" if weeks else "due"


def reviews_remind_and_escalate(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind owners of annual reviews (a month before, on the day, weekly when overdue) and
    tell the communications team of reviews two weeks overdue (once per account and year)."""
    today = today or timezone.localdate()
    counts = {"reminders": 0, "escalations": 0}
    team = _communications_team()
    horizon = today + dt.timedelta(days=REVIEW_REMIND_DAYS_BEFORE)
    due = Account.objects.filter(status=Status.ACTIVE, review_due_on__lte=horizon).select_related(
        "owner"
    )
    for account in due.iterator(chunk_size=500):
        due_on = account.review_due_on
        point = review_point(due_on=due_on, today=today)
        if point is None:
            continue
        context = {
            "account": account,
            "due_on": due_on,
            "days_left": (due_on - today).days,
            "days_overdue": (today - due_on).days,
        }
        counts["reminders"] += _send_once(
            recipient=account.owner,
            kind="account_review_due",
            key=f"social-account:{account.pk}:review:{due_on.isoformat()}:{point}",
            context=context,
            link=account.get_absolute_url(),
        )
        if (today - due_on).days >= REVIEW_ESCALATE_AFTER_DAYS:
            for person in team:
                counts["escalations"] += _send_once(
                    recipient=person,
                    kind="account_review_overdue",
                    key=f"social-account:{account.pk}:review-overdue:{due_on.isoformat()}:"
                    f"{person.pk}",
                    context=context,
                    link=account.get_absolute_url(),
                )
    return counts
