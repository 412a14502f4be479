"""Accounts, accesses, apps, hand-overs and reviews for the tests.

The factories write rows directly, without the services, to set up any state
quickly; tests of a behaviour go through the service that has it.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.conf import settings
from django.utils import timezone

from accounts_registry.models import Access, Account, ConnectedApp, Handover, Review
from accounts_registry.selectors import AUTHORITY_DECISION
from kernel.platforms import OwnerKind, Platform
from kernel.roles import RoleKey
from notifications.models import Notification
from staff.models import AuthorityRule, AuthorityStep, Role
from staff.tests.factories import UserFactory

# Credentials as the tests type them; none of them may ever be found in the clear.
CREDENTIALS = {
    "username": "opcc_youth_panel",
    "password": "Correct-Horse-Battery-Staple-7",
    "totp_seed": "JBSWY3DPEHPK3PXP",
    "recovery_codes": "1111-2222 3333-4444",
    "notes": "The phone number on the account is the press office's.",
}


def name_accounts_authority(role_key: str = RoleKey.CHIEF_EXECUTIVE) -> AuthorityRule:
    """Make the holders of ``role_key`` the accounts authority, as a preset would."""
    rule, _ = AuthorityRule.objects.get_or_create(
        decision_key=AUTHORITY_DECISION, defaults={"name": "Social-media accounts"}
    )
    rule.steps.all().delete()
    AuthorityStep.objects.create(
        rule=rule, order=1, kind=AuthorityStep.Kind.ROLE, role=Role.objects.get(key=role_key)
    )
    return rule


class AccountFactory(factory.django.DjangoModelFactory):
    """An account awaiting registration; ``AccountFactory(active=True)`` for a registered one
    (status active, registered now, review due in a year, no credentials stored)."""

    class Meta:
        model = Account

    class Params:
        active = factory.Trait(
            status=Account.Status.ACTIVE,
            registered_at=factory.LazyFunction(timezone.now),
            review_due_on=factory.LazyFunction(
                lambda: timezone.localdate() + dt.timedelta(days=365)
            ),
        )

    platform = Platform.TWITTER
    handle = factory.Sequence(lambda n: f"@OPCC_Account{n}")
    url = factory.LazyAttribute(lambda a: f"https://x.com/{a.handle.lstrip('@')}")
    purpose = "News and appeals from the commissioner's office."
    owner_kind = OwnerKind.TEAM
    owner = factory.SubFactory(UserFactory)
    moderator = factory.SubFactory(UserFactory)
    registration_email = factory.Sequence(
        lambda n: f"social{n}@{settings.ORGANISATION_EMAIL_DOMAIN}"
    )
    status = Account.Status.AWAITING_REGISTRATION


class AccessFactory(factory.django.DjangoModelFactory):
    """A current access of someone to an account."""

    class Meta:
        model = Access

    account = factory.SubFactory(AccountFactory, active=True)
    person = factory.SubFactory(UserFactory)
    granted_at = factory.LazyFunction(timezone.now)
    granted_by = factory.SelfAttribute("account.owner")


class ConnectedAppFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConnectedApp

    account = factory.SubFactory(AccountFactory, active=True)
    name = "Hootsuite"
    access = "Post and read messages"
    added_by = factory.SelfAttribute("account.owner")
    added_at = factory.LazyFunction(timezone.now)


class HandoverFactory(factory.django.DjangoModelFactory):
    """A pending offer of an account from its owner to someone else."""

    class Meta:
        model = Handover

    account = factory.SubFactory(AccountFactory, active=True)
    from_owner = factory.SelfAttribute("account.owner")
    to_owner = factory.SubFactory(UserFactory)
    offered_by = factory.SelfAttribute("account.owner")
    offered_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    account = factory.SubFactory(AccountFactory, active=True)
    due_on = factory.LazyFunction(timezone.localdate)
    still_needed = True
    content_current = True
    access_right = True
    apps_right = True
    confirmed_at = factory.LazyFunction(timezone.now)
    confirmed_by = factory.SelfAttribute("account.owner")


def told(kind: str) -> set[str]:
    """The names of everyone sent a notification of ``kind``."""
    return set(
        Notification.objects.filter(kind=kind).values_list("recipient__full_name", flat=True)
    )
