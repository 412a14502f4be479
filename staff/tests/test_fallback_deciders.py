"""Who decides when everyone who could is excluded."""

import pytest

from kernel.roles import RoleKey
from staff.models import Role
from staff.selectors import fallback_deciders
from staff.services import organisation_settings_update
from staff.tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db


def holder(key, **fields):
    person = UserFactory(**fields)
    give_role(person, key)
    return person


def test_the_holders_of_the_fallback_role(admin_user):
    siro = holder(RoleKey.SIRO)
    holder(RoleKey.CHIEF_EXECUTIVE)
    organisation_settings_update(actor=admin_user, fallback_role=Role.objects.get(key=RoleKey.SIRO))
    assert list(fallback_deciders()) == [siro]


def test_the_chief_executive_when_no_fallback_role_is_set():
    chief = holder(RoleKey.CHIEF_EXECUTIVE)
    holder(RoleKey.MONITORING_OFFICER)
    assert list(fallback_deciders()) == [chief]


def test_the_chief_executive_when_every_holder_of_the_fallback_role_is_excluded(admin_user):
    siro = holder(RoleKey.SIRO)
    chief = holder(RoleKey.CHIEF_EXECUTIVE)
    organisation_settings_update(actor=admin_user, fallback_role=Role.objects.get(key=RoleKey.SIRO))
    assert list(fallback_deciders(exclude_ids=[siro.pk])) == [chief]


def test_the_monitoring_officer_when_the_chief_executive_is_excluded():
    chief = holder(RoleKey.CHIEF_EXECUTIVE)
    officer = holder(RoleKey.MONITORING_OFFICER)
    assert list(fallback_deciders(exclude_ids={chief.pk})) == [officer]


def test_nobody_when_everyone_is_excluded_or_has_left():
    chief = holder(RoleKey.CHIEF_EXECUTIVE)
    holder(RoleKey.MONITORING_OFFICER, is_active=False)
    assert list(fallback_deciders(exclude_ids=[chief.pk])) == []
