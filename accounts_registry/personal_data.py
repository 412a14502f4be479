"""The corporate social-media accounts a person looks after or can reach. Never a
credential: those belong to the organisation, not to the person."""

from __future__ import annotations

from django.db.models import Q

from kernel.personal_data import Part, personal_data

from .models import Access, Account


@personal_data(60)
def account_parts(user) -> list[Part]:
    looked_after = Account.objects.filter(
        Q(owner=user) | Q(moderator=user) | Q(administrator=user)
    ).order_by("platform", "handle")
    accounts = [
        {
            "account": f"{account.get_platform_display()} {account.handle}",
            "you are": ", ".join(_roles_on(account, user)),
            "status": account.get_status_display(),
            "registered with": account.registration_email,
        }
        for account in looked_after
    ]
    access = [
        {
            "account": f"{entry.account.get_platform_display()} {entry.account.handle}",
            "from": entry.granted_at,
            "until": entry.removed_at,
            "why it ended": entry.removed_reason,
        }
        for entry in Access.objects.filter(person=user)
        .select_related("account")
        .order_by("granted_at")
    ]
    return [
        Part(
            "social-media-accounts",
            "Social-media accounts you look after",
            "As owner, moderator or administrator.",
            accounts,
        ),
        Part(
            "social-media-access",
            "Your access to social-media accounts",
            "Each time you were given access, and when it ended.",
            access,
        ),
    ]


def _roles_on(account: Account, user) -> list[str]:
    roles = [
        ("owner", account.owner_id),
        ("moderator", account.moderator_id),
        ("administrator", account.administrator_id),
    ]
    return [name for name, person_id in roles if person_id == user.pk]
