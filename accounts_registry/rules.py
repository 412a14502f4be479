"""Which platforms an account may be on, by whom it speaks for.

Each organisation decides, in its settings, which platforms an account may be on
when it speaks for one member of staff, for a team, or for the whole
organisation, and names the policy clause behind that decision. One police
force lets individuals and teams have only Twitter/X or a WordPress blog, never
Facebook (003 §3.3); another keeps WhatsApp out of business use altogether
(002 §3.0). The rule is checked when an account is requested and again when one
is recorded in the register, and a refusal says which platform, for whom, what
is allowed instead and the clause.
"""

from __future__ import annotations

from kernel.platforms import OwnerKind, Platform
from staff.models import OrganisationSettings
from staff.selectors import organisation_settings

# How a refusal names an account on each platform.
ACCOUNT_ON = {
    Platform.TWITTER: "a Twitter/X account",
    Platform.FACEBOOK: "a Facebook account",
    Platform.INSTAGRAM: "an Instagram account",
    Platform.YOUTUBE: "a YouTube channel",
    Platform.LINKEDIN: "a LinkedIn account",
    Platform.TIKTOK: "a TikTok account",
    Platform.WORDPRESS: "a WordPress blog",
    Platform.WHATSAPP: "a WhatsApp account",
    Platform.OTHER: "an account on another platform",
}

# Whom an account speaks for, as a refusal says it.
SPEAKS_FOR = {
    OwnerKind.INDIVIDUAL: "a member of staff",
    OwnerKind.TEAM: "a team",
    OwnerKind.ORGANISATION: "the organisation",
}


def platform_refusal(
    platform: str, owner_kind: str, *, organisation: OrganisationSettings | None = None
) -> str | None:
    """Why an account on ``platform`` may not speak for ``owner_kind``; None if it may.

    E.g. "The organisation's rules do not allow a Facebook account for a team: a
    team may have a Twitter/X account or a WordPress blog (003 §3.3)."
    """
    organisation = organisation or organisation_settings()
    allowed = organisation.platforms_for(owner_kind)
    if platform in allowed:
        return None
    who = SPEAKS_FOR[owner_kind]
    if allowed:
        instead = f"{who} may have {_either(ACCOUNT_ON[Platform(p)] for p in allowed)}"
    else:
        instead = f"no platform is open to {who}"
    clause = organisation.platform_rules_clause or "the organisation's settings"
    return (
        f"The organisation's rules do not allow {ACCOUNT_ON[Platform(platform)]} for {who}: "
        f"{instead} ({clause})."
    )


def _either(items) -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
