"""The register's sections of 'My tasks': what needs the communications team's attention,
and what an account's owner has to do."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kernel.access import uses_role
from kernel.dashboard import Section, dashboard_section
from kernel.roles import RoleKey

from .models import Account, Handover
from .selectors import register_counts
from .services import REVIEW_REMIND_DAYS_BEFORE

SHOWN = 5

# What the communications team is shown a count of: (count, words, register filter).
COUNTED = [
    (
        "awaiting_registration",
        "awaiting registration",
        {"status": Account.Status.AWAITING_REGISTRATION},
    ),
    (
        "password_change_required",
        "with a password change required",
        {"flag": "password_change_required"},
    ),
    ("at_risk", "at risk", {"flag": "at_risk"}),
    ("reviews_overdue", "with the annual review overdue", {"flag": "review_overdue"}),
]


@dashboard_section
def register_attention(user):
    """For the communications team: how many accounts need something, each a link to them."""
    if not uses_role(user, RoleKey.COMMUNICATIONS):
        return None
    counts = register_counts()
    register = reverse("accounts_registry:account_list")
    items = [
        {
            "url": f"{register}?{urlencode(query)}",
            "title": f"{counts[key]} account{'' if counts[key] == 1 else 's'} {words}",
            "badge": "",
        }
        for key, words, query in COUNTED
        if counts[key]
    ]
    return Section(
        key="social-accounts",
        title="Social-media accounts needing attention",
        empty_text="No account needs the communications team's attention.",
        items=items,
        more_url=register,
        more_label="The register",
    )


@dashboard_section
def my_accounts_to_do(user):
    """For an account's owner or administrator: offers to answer, credentials to register,
    passwords to change, reviews to confirm. Nothing is shown when there is nothing to do."""
    today = timezone.localdate()
    offers = list(
        Handover.objects.pending().filter(to_owner=user).select_related("account")[:SHOWN]
    )
    accounts = list(
        Account.objects.not_closed()
        .filter(Q(owner=user) | Q(administrator=user))
        .filter(
            Q(status=Account.Status.AWAITING_REGISTRATION)
            | Q(password_change_required=True)
            | Q(
                owner=user,
                status=Account.Status.ACTIVE,
                review_due_on__lte=today + dt.timedelta(days=REVIEW_REMIND_DAYS_BEFORE),
            )
        )[:SHOWN]
    )
    if not offers and not accounts:
        return None
    items = [
        {
            "url": reverse("accounts_registry:handover_respond", args=[offer.pk]),
            "title": f"Answer the offer of {offer.account}",
            "badge": "",
        }
        for offer in offers
    ]
    items += [_account_item(account, user, today) for account in accounts]
    return Section(
        key="my-social-accounts",
        title="My social-media accounts",
        empty_text="",
        items=items[:SHOWN],
        more_url=reverse("accounts_registry:my_accounts"),
        more_label="All my accounts",
    )


def _account_item(account: Account, user, today: dt.date) -> dict:
    if account.status == Account.Status.AWAITING_REGISTRATION:
        url, title, badge, style = (
            "account_register",
            f"Register the credentials of {account}",
            "",
            "",
        )
    elif account.password_change_required:
        url, title, badge, style = (
            "credentials_change",
            f"Change the password of {account}",
            "required",
            "danger",
        )
    else:
        overdue = account.review_due_on < today
        url, title = "review_confirm", f"Confirm the annual review of {account}"
        badge, style = (
            ("overdue", "danger")
            if overdue
            else (f"due {account.review_due_on:%-d %B}", "secondary")
        )
    return {
        "url": reverse(f"accounts_registry:{url}", args=[account.pk]),
        "title": title,
        "badge": badge,
        "badge_style": style,
    }
