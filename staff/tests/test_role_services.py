import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from kernel.roles import RoleKey
from staff.models import Role, RoleAssignment
from staff.services import role_assign, role_remove, staff_deactivate
from staff.tests.factories import give_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)):
        yield


def test_a_role_removed_on_the_day_it_was_given_is_gone_that_day(admin_user, person):
    assignment = role_assign(user=person, role=Role.objects.get(key=RoleKey.AUDITOR), actor=admin_user)
    role_remove(assignment=assignment, actor=admin_user)
    assert not RoleAssignment.objects.current().filter(user=person).exists()


def test_removing_a_role_twice_changes_nothing_the_second_time(admin_user, person):
    assignment = give_role(person, RoleKey.AUDITOR, starts_on=dt.date(2025, 1, 1))
    role_remove(assignment=assignment, actor=admin_user)
    role_remove(assignment=assignment, actor=admin_user)
    assignment.refresh_from_db()
    assert assignment.ends_on == dt.date(2026, 5, 11)


def test_nobody_changes_their_own_roles(admin_user):
    with pytest.raises(ValidationError, match="your own roles"):
        role_assign(
            user=admin_user, role=Role.objects.get(key=RoleKey.CHIEF_EXECUTIVE), actor=admin_user
        )
    with pytest.raises(ValidationError, match="your own roles"):
        role_remove(assignment=admin_user.role_assignments.get(), actor=admin_user)


def test_nobody_deactivates_themselves(admin_user):
    with pytest.raises(ValidationError, match="your own account"):
        staff_deactivate(user=admin_user, actor=admin_user)
