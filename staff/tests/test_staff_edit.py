import pytest
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("staff:edit", args=[person.pk])


def form_data(person, **overrides):
    data = {
        "full_name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "team": person.team_id or "",
        "new_team": "",
        "staff_type": person.staff_type,
        "line_manager": person.line_manager.email if person.line_manager else "",
        "mailbox_nominee": person.mailbox_nominee.email if person.mailbox_nominee else "",
        "start_date": person.start_date.isoformat() if person.start_date else "",
        "leaving_date": "",
    }
    return {**data, **overrides}


def test_saves_changes_and_audits_each_field(mfa_client, admin_user, person):
    response = mfa_client(admin_user).post(
        url(person), form_data(person, job_title="Senior Analyst")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Senior Analyst"
    event = AuditEvent.objects.get(action="staff.changed")
    assert event.details == {"job_title": {"from": "Policy officer", "to": "Senior Analyst"}}


def test_shows_the_current_values(mfa_client, admin_user, manager):
    response = mfa_client(admin_user).get(url(manager.report))
    assert response.status_code == 200
    assert response.context["form"].initial["line_manager"] == manager.email
    assert f'value="{manager.email}"'.encode() in response.content
    assert b"Riley Report" in response.content


def test_refuses_a_reporting_loop_with_a_clear_message(mfa_client, admin_user, manager):
    grandchild = UserFactory(full_name="Gale Grand", line_manager=manager.report)
    response = mfa_client(admin_user).post(
        url(manager), form_data(manager, line_manager=grandchild.email, job_title="Head of Unit")
    )
    assert response.status_code == 200
    assert (
        b"This would create a reporting loop: Morgan Manager reports to Gale Grand, "
        b"who reports to Riley Report, who reports to Morgan Manager." in response.content
    )
    assert b'value="Head of Unit"' in response.content
    manager.refresh_from_db()
    assert manager.line_manager is None


def test_does_not_list_every_member_of_staff_on_the_page(mfa_client, admin_user, person):
    UserFactory(full_name="Quentin Elsewhere")
    response = mfa_client(admin_user).get(url(person))
    assert b"Quentin Elsewhere" not in response.content


def test_keeps_a_line_manager_who_is_no_longer_active(mfa_client, admin_user):
    boss = UserFactory(is_active=False)
    report = UserFactory(line_manager=boss)
    mfa_client(admin_user).post(url(report), form_data(report, job_title="Changed"))
    report.refresh_from_db()
    assert report.line_manager == boss


def test_ends_sessions_when_the_leaving_date_is_set_in_the_past(
    mfa_client, admin_user, person, password
):
    from django.test import Client

    other = Client()
    other.login(email=person.email, password=password)
    mfa_client(admin_user).post(
        url(person), form_data(person, leaving_date="2025-01-01", start_date="2020-01-06")
    )
    assert other.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive", "person"])
def test_refuses_anyone_but_an_administrator(request, mfa_client, fixture, manager):
    client = mfa_client(request.getfixturevalue(fixture))
    assert client.get(url(manager)).status_code == 403
    client.post(url(manager), form_data(manager, full_name="Hacked"))
    assert User.objects.get(pk=manager.pk).full_name == "Morgan Manager"


def test_sends_anonymous_visitors_to_sign_in(client, person):
    assert client.get(url(person)).url.startswith(reverse("account_login"))


def test_asks_an_administrator_to_confirm_who_they_are_if_not_recent(
    mfa_client, admin_user, person
):
    response = mfa_client(admin_user, recently=False).post(
        url(person), form_data(person, job_title="Senior Analyst")
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.get(pk=person.pk).job_title == "Policy officer"


def test_saves_the_change_once_the_administrator_has_confirmed_who_they_are(
    mfa_client, admin_user, person, password
):
    client = mfa_client(admin_user, recently=False)
    confirm = client.post(url(person), form_data(person, job_title="Senior Analyst")).url

    response = client.post(confirm, {"password": password})

    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    assert User.objects.get(pk=person.pk).job_title == "Senior Analyst"
