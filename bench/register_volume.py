"""A register of social-media accounts the size of a large force's, for pages_bench.py.

``build_register`` makes ACCOUNTS accounts spread over the platforms: most active,
some awaiting registration, some closed; a few flagged "password change required"
or "at risk", some with their annual review overdue. Each has three people with
access (and one whose access was removed), a third-party app, and, once
registered, a username and a password (an earlier password for one in five),
encrypted as the register stores them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from accounts_registry.crypto import seal, secret_context
from accounts_registry.models import Access, Account, ConnectedApp, Secret
from kernel.platforms import OwnerKind, Platform

ACCOUNTS = 2000
BATCH = 2000
PLATFORMS = [Platform.TWITTER] * 5 + [
    Platform.FACEBOOK,
    Platform.INSTAGRAM,
    Platform.YOUTUBE,
    Platform.LINKEDIN,
    Platform.WORDPRESS,
]


def build_register(people, communications, rng, today: dt.date, count: int = ACCOUNTS) -> Account:
    """Make ``count`` accounts owned by ``people``; return one shown in full (active, with
    everything on it)."""
    now = timezone.now()
    accounts = Account.objects.bulk_create(
        [_account(n, people, communications, rng, today, now) for n in range(count)],
        batch_size=BATCH,
    )
    Access.objects.bulk_create(
        [access for account in accounts for access in _accesses(account, people, rng, now)],
        batch_size=BATCH,
    )
    ConnectedApp.objects.bulk_create(
        [
            ConnectedApp(account=account, name="Scheduler", access="Post and read messages",
                         added_by=communications, added_at=now, by_communications=True)
            for account in accounts
        ],  # fmt: skip
        batch_size=BATCH,
    )
    Secret.objects.bulk_create(
        [secret for account in accounts for secret in _secrets(account, rng, now)],
        batch_size=BATCH,
    )
    return next(a for a in accounts if a.status == Account.Status.ACTIVE)


def _account(n, people, communications, rng, today, now) -> Account:
    owner = rng.choice(people)
    share = rng.random()
    status = (
        Account.Status.CLOSED if share < 0.1
        else Account.Status.AWAITING_REGISTRATION if share < 0.15
        else Account.Status.ACTIVE
    )  # fmt: skip
    flagged = status == Account.Status.ACTIVE and rng.random() < 0.05
    at_risk = flagged and rng.random() < 0.4
    return Account(
        platform=PLATFORMS[n % len(PLATFORMS)],
        handle=f"@Team{n:04d}",
        url=f"https://social.example.org/team{n:04d}",
        purpose="News and appeals for the communities the team serves.",
        owner_kind=OwnerKind.TEAM,
        team_id=owner.team_id,
        owner=owner,
        moderator=rng.choice(people),
        administrator=communications,
        registration_email=f"team{n:04d}@example.org",
        disclaimer_shown=True,
        status=status,
        password_change_required=flagged,
        password_change_reason="Access removed" if flagged else "",
        password_change_since=now if flagged else None,
        at_risk=at_risk,
        at_risk_reason="Lost phone reported" if at_risk else "",
        at_risk_since=now if at_risk else None,
        review_due_on=today + dt.timedelta(days=rng.randint(-40, 365))
        if status == Account.Status.ACTIVE
        else None,
        registered_at=now if status != Account.Status.AWAITING_REGISTRATION else None,
        closed_at=now if status == Account.Status.CLOSED else None,
        closed_reason="No longer needed" if status == Account.Status.CLOSED else "",
    )


def _accesses(account, people, rng, now) -> list[Access]:
    chosen = rng.sample(people, 4)
    return [
        Access(account=account, person=person, granted_at=now - dt.timedelta(days=400),
               granted_by=account.administrator,
               removed_at=now - dt.timedelta(days=30) if i == 3 else None,
               removed_by=account.administrator if i == 3 else None)
        for i, person in enumerate(chosen)
    ]  # fmt: skip


def _secrets(account, rng, now) -> list[Secret]:
    if account.status == Account.Status.AWAITING_REGISTRATION:
        return []
    values = [(Secret.Field.USERNAME, account.handle, None), (Secret.Field.PASSWORD, "Pw-new-1", None)]
    if rng.random() < 0.2:
        values.append((Secret.Field.PASSWORD, "Pw-old-1", now - dt.timedelta(days=90)))
    secrets = []
    for field, value, replaced_at in values:
        public_id = uuid.uuid4()
        context = secret_context(public_id=public_id, account_id=account.pk, field=field)
        sealed = seal(value, context=context)
        secrets.append(
            Secret(public_id=public_id, account=account, field=field, key_id=sealed.key_id,
                   wrapped_key=sealed.wrapped_key, nonce=sealed.nonce,
                   ciphertext=sealed.ciphertext, created_at=now, replaced_at=replaced_at)
        )  # fmt: skip
    return secrets
