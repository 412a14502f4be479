"""Teams, roles and role assignments changed in Django admin: recorded, or refused."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from audit.tests.admin_pages import admin_form
from kernel.roles import RoleKey
from staff.models import Role, RoleAssignment, Team
from staff.tests.factories import give_role

pytestmark = pytest.mark.django_db


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_adding_a_team_is_recorded(superuser_client, superuser):
    response = superuser_client.post(reverse("admin:staff_team_add"), {"name": "Estates"})

    assert response.status_code == 302, response.content
    team = Team.objects.get(name="Estates")
    [event] = events("admin.added")
    assert event.actor == superuser
    assert event.target_id == str(team.pk)
    assert event.details == {"model": "staff.team", "fields": ["name"]}


def test_renaming_a_team_is_recorded(superuser_client, person):
    url = reverse("admin:staff_team_change", args=[person.team_id])

    response = superuser_client.post(url, {"name": "Policy and Estates"})

    assert response.status_code == 302, response.content
    [event] = events("admin.changed")
    assert event.target_type == "staff.team"
    assert event.details == {"model": "staff.team", "fields": ["name"]}


def test_changing_whether_a_role_is_privileged_is_recorded(superuser_client, superuser):
    role = Role.objects.get(key=RoleKey.AUDITOR)
    url = reverse("admin:staff_role_change", args=[role.pk])
    data = admin_form(superuser_client, url)
    if role.privileged:
        del data["privileged"]
    else:
        data["privileged"] = ["on"]

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.content
    assert Role.objects.get(pk=role.pk).privileged is not role.privileged
    [event] = events("admin.changed")
    assert event.actor == superuser
    assert event.target_id == str(role.pk)
    assert event.details == {"model": "staff.role", "fields": ["privileged"]}


def test_role_assignments_cannot_be_changed_on_the_person_page(superuser_client, person):
    assignment = give_role(person, RoleKey.AUDITOR)
    url = reverse("admin:staff_user_change", args=[person.pk])
    data = admin_form(superuser_client, url)
    data.update(
        {
            "role_assignments-0-ends_on": ["2020-01-01"],
            "role_assignments-0-DELETE": ["on"],
            "role_assignments-TOTAL_FORMS": ["2"],
            "role_assignments-1-role": [str(Role.objects.get(key=RoleKey.ADMINISTRATOR).pk)],
        }
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.content
    assert list(RoleAssignment.objects.filter(user=person)) == [assignment]
    assignment.refresh_from_db()
    assert assignment.ends_on is None
    assert assignment.starts_on == dt.date.today()
    assert not AuditEvent.objects.filter(action__startswith="admin.").exists()


def test_a_change_to_a_person_is_recorded_once_by_the_staff_service(superuser_client, person):
    url = reverse("admin:staff_user_change", args=[person.pk])
    data = admin_form(superuser_client, url)
    data["job_title"] = ["Head of Policy"]

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.content
    about_person = AuditEvent.objects.filter(target_type="staff.user", target_id=str(person.pk))
    assert [event.action for event in about_person] == ["staff.changed"]
