"""Reading the register: the accounts authority, who can reach which account, and counts.

The accounts authority is told of the changes the policies make reportable and
of every reveal, may reveal any account's credentials, and alone sees earlier
passwords. Who it is differs between organisations (the chief executive, the
communications department, a media and marketing manager), so the authority
matrix names it under the decision ``social_account.authority``: the holders of
the roles of its steps are the authority. An organisation whose matrix does not
name it yet has its fallback decision maker instead, so that someone always is.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kernel.access import uses_role
from staff.models import AuthorityRule, AuthorityStep, User
from staff.selectors import authority_steps_for, fallback_role, role_holders

from .models import Access, Account

AUTHORITY_DECISION = "social_account.authority"


def accounts_authority_role_keys() -> list[str]:
    """The keys of the roles whose holders are the accounts authority."""
    try:
        steps = authority_steps_for(AUTHORITY_DECISION)
    except AuthorityRule.DoesNotExist:
        role = fallback_role()
        return [role.key] if role else []
    keys = [step.role.key for step in steps if step.kind == AuthorityStep.Kind.ROLE and step.role]
    return list(dict.fromkeys(keys))


def accounts_authority_people() -> list[User]:
    """The people who are the accounts authority today (may sign in, hold the role)."""
    people: dict[int, User] = {}
    for key in accounts_authority_role_keys():
        for person in role_holders(key):
            people.setdefault(person.pk, person)
    return list(people.values())


def is_accounts_authority(user) -> bool:
    """Whether ``user`` may use the accounts authority's powers now (role held, MFA set up).

    Cached on the user for the request: pages ask it for every account they list.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(user, "_is_accounts_authority"):
        keys = accounts_authority_role_keys()
        user._is_accounts_authority = bool(keys) and uses_role(user, *keys)
    return user._is_accounts_authority


def reaching(person) -> Q:
    """A filter on accounts: those ``person`` owns, administers, moderates or has access to."""
    return (
        Q(owner=person)
        | Q(administrator=person)
        | Q(moderator=person)
        | Q(pk__in=Access.objects.current().filter(person=person).values("account_id"))
    )


def accounts_reachable_by(person) -> QuerySet[Account]:
    """The open accounts ``person`` can reach: owned, administered, moderated, or with
    current access. A lost device or a leaver puts these at risk."""
    return Account.objects.not_closed().filter(reaching(person))


def review_overdue(today: dt.date | None = None) -> Q:
    """A filter on accounts: active ones whose annual review date has passed."""
    today = today or timezone.localdate()
    return Q(status=Account.Status.ACTIVE, review_due_on__lt=today)


def register_counts(today: dt.date | None = None) -> dict[str, int]:
    """What needs the communications team's attention, in one query."""
    open_accounts = Account.objects.not_closed()
    return open_accounts.aggregate(
        awaiting_registration=Count("pk", filter=Q(status=Account.Status.AWAITING_REGISTRATION)),
        password_change_required=Count("pk", filter=Q(password_change_required=True)),
        at_risk=Count("pk", filter=Q(at_risk=True)),
        reviews_overdue=Count("pk", filter=review_overdue(today)),
    )
