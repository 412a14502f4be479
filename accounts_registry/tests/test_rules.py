"""Which platforms an account may be on: the organisation's rule, refused with its clause."""

import pytest

from accounts_registry.rules import platform_refusal
from kernel.platforms import OwnerKind, Platform
from staff.services import organisation_settings_update

pytestmark = pytest.mark.django_db


def test_every_platform_is_allowed_until_the_organisation_sets_rules():
    for kind in OwnerKind:
        for platform in Platform:
            assert platform_refusal(platform, kind) is None


def test_a_refusal_names_the_platform_who_may_not_have_it_what_they_may_and_the_clause():
    organisation_settings_update(
        actor=None,
        platforms_for_individuals=["twitter", "wordpress"],
        platforms_for_teams=["twitter", "wordpress"],
        platform_rules_clause="003 §3.3",
    )
    assert platform_refusal("twitter", OwnerKind.TEAM) is None
    assert platform_refusal("facebook", OwnerKind.ORGANISATION) is None
    assert platform_refusal("facebook", OwnerKind.INDIVIDUAL) == (
        "The organisation's rules do not allow a Facebook account for a member of staff: a "
        "member of staff may have a Twitter/X account or a WordPress blog (003 §3.3)."
    )
    assert platform_refusal("other", OwnerKind.TEAM) == (
        "The organisation's rules do not allow an account on another platform for a team: a "
        "team may have a Twitter/X account or a WordPress blog (003 §3.3)."
    )


def test_without_a_clause_the_refusal_points_to_the_settings():
    organisation_settings_update(actor=None, platforms_for_organisation=["youtube"])
    assert platform_refusal("whatsapp", OwnerKind.ORGANISATION) == (
        "The organisation's rules do not allow a WhatsApp account for the organisation: the "
        "organisation may have a YouTube channel (the organisation's settings)."
    )


def test_an_owner_kind_with_no_platform_is_told_so():
    organisation_settings_update(
        actor=None, platforms_for_individuals=[], platform_rules_clause="X"
    )
    assert platform_refusal("twitter", OwnerKind.INDIVIDUAL) == (
        "The organisation's rules do not allow a Twitter/X account for a member of staff: no "
        "platform is open to a member of staff (X)."
    )
