"""Changing the organisation settings: only what changed is saved, and audited."""

import pytest

from audit.models import AuditEvent
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
