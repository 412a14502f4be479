"""Changing the organisation settings: only what changed is saved, and audited."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from kernel.platforms import OwnerKind, Platform
from kernel.roles import RoleKey
from staff.models import OrganisationSettings, Role
from staff.selectors import organisation_settings
from staff.services import organisation_settings_update

pytestmark = pytest.mark.django_db


def events():
    return list(AuditEvent.objects.filter(action="organisation_settings.changed").order_by("seq"))


def test_starts_with_the_defaults_in_one_row():
    settings = organisation_settings()
    assert (settings.pk, settings.device_abroad_notice_days, settings.escalation_working_days) == (
        1,
        0,
        5,
    )
    assert settings.fallback_role is None
    assert organisation_settings().pk == 1
    assert OrganisationSettings.objects.count() == 1


def test_saves_and_audits_each_changed_field_with_its_old_and_new_value(admin_user):
    siro = Role.objects.get(key=RoleKey.SIRO)
    organisation_settings_update(
        actor=admin_user, device_abroad_notice_days=7, fallback_role=siro, escalation_working_days=5
    )
    settings = organisation_settings()
    assert (settings.device_abroad_notice_days, settings.fallback_role) == (7, siro)
    assert settings.updated_by == admin_user
    [event] = events()
    assert event.actor == admin_user
    assert event.details == {
        "device_abroad_notice_days": {"from": 0, "to": 7},
        "fallback_role": {"from": None, "to": RoleKey.SIRO},
    }


def test_records_only_that_the_security_advice_changed(admin_user):
    organisation_settings_update(actor=admin_user, security_advice="Keep it locked.")
    assert organisation_settings().security_advice == "Keep it locked."
    assert events()[0].details == {"security_advice": "changed"}


def test_changes_nothing_and_records_nothing_when_nothing_changed(admin_user):
    organisation_settings_update(actor=admin_user, escalation_working_days=5, security_advice="")
    assert events() == []
    assert organisation_settings().updated_by is None


def test_refuses_a_field_that_is_not_a_setting(admin_user):
    with pytest.raises(ValueError, match="updated_by"):
        organisation_settings_update(actor=admin_user, updated_by=admin_user)


def test_every_platform_is_open_until_the_organisation_sets_its_rules():
    settings = organisation_settings()
    for kind in OwnerKind:
        assert settings.platforms_for(kind) == list(Platform.values)
    assert (settings.platform_rules_clause, settings.platform_rules_review_needed) == ("", False)


def test_saves_and_audits_the_platform_rules(admin_user):
    organisation_settings_update(
        actor=admin_user,
        platforms_for_individuals=["twitter", "wordpress"],
        platforms_for_teams=["twitter", "wordpress"],
        platform_rules_clause="003 §3.3",
    )
    settings = organisation_settings()
    assert settings.platforms_for(OwnerKind.TEAM) == ["twitter", "wordpress"]
    assert settings.platform_rules == [
        ("A member of staff", ["Twitter/X", "WordPress blog"]),
        ("A team", ["Twitter/X", "WordPress blog"]),
        ("The organisation", [Platform(p).label for p in Platform.values]),
    ]
    [event] = events()
    assert event.details["platforms_for_teams"] == {
        "from": list(Platform.values),
        "to": ["twitter", "wordpress"],
    }
    assert event.details["platform_rules_clause"] == {"from": "", "to": "003 §3.3"}


def test_records_only_that_the_account_disclaimer_changed(admin_user):
    organisation_settings_update(
        actor=admin_user, account_disclaimer="To report a crime call 101, or 999 in an emergency."
    )
    assert organisation_settings().account_disclaimer.startswith("To report a crime")
    assert events()[0].details == {"account_disclaimer": "changed"}


def test_refuses_a_platform_the_portal_does_not_know(admin_user):
    with pytest.raises(ValidationError, match="Choose platforms from"):
        organisation_settings_update(actor=admin_user, platforms_for_teams=["twitter", "myspace"])
    assert organisation_settings().platforms_for_teams == list(Platform.values)
    assert events() == []
