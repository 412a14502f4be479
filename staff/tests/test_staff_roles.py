import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.models import Role, RoleAssignment
from staff.tests.factories import give_role

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 11)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


def assign_url(person):
    return reverse("staff:role_assign", args=[person.pk])


def remove_url(assignment):
    return reverse("staff:role_remove", args=[assignment.user_id, assignment.pk])


def role(key):
    return Role.objects.get(key=key)


def test_gives_a_role_with_dates(mfa_client, admin_user, person):
    response = mfa_client(admin_user).post(
        assign_url(person),
        {"role": role(RoleKey.COMMUNICATIONS).pk, "starts_on": "2026-05-11", "last_day": "2026-12-31"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.starts_on, assignment.ends_on) == (TODAY, dt.date(2027, 1, 1))
    assert assignment.assigned_by == admin_user
    assert person.has_role(RoleKey.COMMUNICATIONS)
    assert AuditEvent.objects.filter(action="role.assigned", target_id=str(person.pk)).exists()


def test_refuses_a_role_the_person_already_holds_then(mfa_client, admin_user, person):
    give_role(person, RoleKey.COMMUNICATIONS, starts_on=dt.date(2026, 1, 1))
    response = mfa_client(admin_user).post(
        assign_url(person), {"role": role(RoleKey.COMMUNICATIONS).pk, "starts_on": "2026-06-01"}
    )
    assert response.status_code == 400
    assert b"Pat Member already holds this role from 1 January 2026." in response.content
    assert RoleAssignment.objects.filter(user=person).count() == 1


def test_refuses_a_last_day_before_the_start(mfa_client, admin_user, person):
    response = mfa_client(admin_user).post(
        assign_url(person),
        {"role": role(RoleKey.AUDITOR).pk, "starts_on": "2026-06-01", "last_day": "2026-05-01"},
    )
    assert response.status_code == 400
    assert b"The last day must be on or after the start date." in response.content
    assert b'value="2026-06-01"' in response.content


def test_removing_a_role_takes_effect_at_once(mfa_client, admin_user, person):
    assignment = give_role(person, RoleKey.AUDITOR)  # given today
    response = mfa_client(admin_user).post(remove_url(assignment))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == TODAY
    person = type(person).objects.get(pk=person.pk)
    assert not person.has_role(RoleKey.AUDITOR)
    assert AuditEvent.objects.filter(action="role.removed").count() == 1


def test_removing_a_future_role_withdraws_it(mfa_client, admin_user, person):
    assignment = give_role(person, RoleKey.AUDITOR, starts_on=dt.date(2026, 7, 1))
    mfa_client(admin_user).post(remove_url(assignment))
    assignment.refresh_from_db()
    assert assignment.withdrawn
    assert not RoleAssignment.objects.current(dt.date(2026, 7, 2)).filter(user=person).exists()


def test_refuses_changes_to_your_own_roles(mfa_client, admin_user):
    client = mfa_client(admin_user)
    response = client.post(
        assign_url(admin_user), {"role": role(RoleKey.CHIEF_EXECUTIVE).pk, "starts_on": "2026-05-11"}
    )
    assert b"You cannot change your own roles" in response.content
    assert not admin_user.role_assignments.filter(role__key=RoleKey.CHIEF_EXECUTIVE).exists()
    own = admin_user.role_assignments.get()
    response = client.post(remove_url(own), follow=True)
    assert b"You cannot change your own roles" in response.content
    own.refresh_from_db()
    assert own.ends_on is None


def test_will_not_remove_an_assignment_through_another_persons_url(
    mfa_client, admin_user, person, manager
):
    assignment = give_role(manager, RoleKey.AUDITOR)
    response = mfa_client(admin_user).post(
        reverse("staff:role_remove", args=[person.pk, assignment.pk])
    )
    assert response.status_code == 404


def test_asks_to_confirm_who_you_are_if_not_recent(mfa_client, admin_user, person):
    response = mfa_client(admin_user, recently=False).post(
        assign_url(person), {"role": role(RoleKey.AUDITOR).pk, "starts_on": "2026-05-11"}
    )
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not person.role_assignments.exists()


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive", "manager"])
def test_refuses_anyone_but_an_administrator(request, mfa_client, fixture, person):
    client = mfa_client(request.getfixturevalue(fixture))
    response = client.post(
        assign_url(person), {"role": role(RoleKey.ADMINISTRATOR).pk, "starts_on": "2026-05-11"}
    )
    assert response.status_code == 403
    assignment = give_role(person, RoleKey.AUDITOR)
    assert client.post(remove_url(assignment)).status_code == 403
    assert not person.role_assignments.filter(role__key=RoleKey.ADMINISTRATOR).exists()


def test_sends_anonymous_visitors_to_sign_in(client, person):
    assert client.post(assign_url(person), {}).url.startswith(reverse("account_login"))
