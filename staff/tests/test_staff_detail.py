import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.services import audit_log
from kernel.roles import RoleKey
from staff.models import Role, RoleAssignment
from staff.tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("staff:detail", args=[person.pk])


def test_shows_the_record_roles_and_reports(mfa_client, admin_user, manager):
    give_role(manager, RoleKey.COMMUNICATIONS)
    RoleAssignment.objects.create(
        user=manager,
        role=Role.objects.get(key=RoleKey.AUDITOR),
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 1, 1),
    )
    response = mfa_client(admin_user).get(url(manager))
    assert response.status_code == 200
    roles = response.context["roles"]
    assert [a.role.key for a in roles["current"]] == [RoleKey.COMMUNICATIONS]
    assert [a.role.key for a in roles["ended"]] == [RoleKey.AUDITOR]
    assert list(response.context["direct_reports"]) == [manager.report]
    assert b"Riley Report" in response.content
    assert b"31 Dec 2020" in response.content  # the last day of the past role
    assert b"Edit record" in response.content
    assert b"Give Morgan a role" in response.content


def test_shows_recent_audit_events_about_the_person(mfa_client, admin_user, person):
    audit_log(action="staff.changed", actor=admin_user, target=person, details={})
    audit_log(action="staff.changed", actor=admin_user, target=admin_user, details={})
    response = mfa_client(admin_user).get(url(person))
    events = response.context["audit_events"]
    assert [(e.action, e.target_id) for e in events] == [("staff.changed", str(person.pk))]


def test_counts_active_sessions(mfa_client, admin_user, person, password, client):
    from django.test import Client

    Client().login(email=person.email, password=password)
    Client().login(email=person.email, password=password)
    response = mfa_client(admin_user).get(url(person))
    assert response.context["session_count"] == 2
    assert b"2 active sessions" in response.content


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive"])
def test_lets_readers_see_a_record_but_offers_no_changes(request, mfa_client, person, fixture):
    response = mfa_client(request.getfixturevalue(fixture)).get(url(person))
    assert response.status_code == 200
    assert b"Edit record" not in response.content
    assert b"Deactivate" not in response.content
    assert response.context["role_form"] is None


def test_refuses_ordinary_staff_even_for_their_own_record(mfa_client, person):
    assert mfa_client(person).get(url(person)).status_code == 403


def test_sends_anonymous_visitors_to_sign_in(client, person):
    response = client.get(url(person))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_answers_404_for_someone_who_does_not_exist(mfa_client, admin_user):
    assert mfa_client(admin_user).get(reverse("staff:detail", args=[999999])).status_code == 404


def test_runs_the_same_number_of_queries_however_much_there_is(mfa_client, admin_user, manager):
    client = mfa_client(admin_user)

    def queries():
        client.get(url(manager))
        with CaptureQueriesContext(connection) as captured:
            client.get(url(manager))
        return len(captured)

    few = queries()
    for _ in range(10):
        UserFactory(line_manager=manager)
    for key in (RoleKey.AUDITOR, RoleKey.COMMUNICATIONS, RoleKey.IT_SERVICE_DESK):
        give_role(manager, key)
    for _ in range(10):
        audit_log(action="staff.changed", actor=admin_user, target=manager, details={})
    assert queries() == few
