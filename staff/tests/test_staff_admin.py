import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User, UserSession
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_person_page_shows_no_password_hash(superuser_client, person):
    response = superuser_client.get(reverse("admin:staff_user_change", args=[person.pk]))
    assert response.status_code == 200
    assert person.password.encode() not in response.content
    assert b"md5$" not in response.content


def change_form(person, **overrides):
    return {
        "email": person.email,
        "full_name": person.full_name,
        "job_title": person.job_title,
        "team": person.team_id,
        "staff_type": person.staff_type,
        "start_date": "2020-01-06",
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
        **overrides,
    }


def test_changes_in_the_admin_are_audited(superuser_client, person):
    url = reverse("admin:staff_user_change", args=[person.pk])
    response = superuser_client.post(url, change_form(person, full_name="Pat Renamed"))
    assert response.status_code == 302, response.content
    assert User.objects.get(pk=person.pk).full_name == "Pat Renamed"
    assert AuditEvent.objects.filter(action="staff.changed", target_id=str(person.pk)).exists()


def test_sessions_are_read_only_and_never_show_their_key(superuser_client, person, password):
    Client().login(email=person.email, password=password)
    session = UserSession.objects.get(user=person)
    listing = superuser_client.get(reverse("admin:staff_usersession_changelist"))
    detail = superuser_client.get(reverse("admin:staff_usersession_change", args=[session.pk]))
    assert listing.status_code == detail.status_code == 200
    assert session.session_key.encode() not in listing.content + detail.content
    assert (
        superuser_client.post(
            reverse("admin:staff_usersession_delete", args=[session.pk])
        ).status_code
        == 403
    )


def test_people_cannot_be_deleted_in_the_admin(superuser_client, person):
    response = superuser_client.post(
        reverse("admin:staff_user_delete", args=[person.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()


def test_refuses_an_email_outside_the_organisation(superuser_client, person):
    url = reverse("admin:staff_user_change", args=[person.pk])

    response = superuser_client.post(url, change_form(person, email="pat@gmail.com"))

    assert response.status_code == 200
    assert b"Use their work address ending @opcc.example.org." in response.content
    assert User.objects.get(pk=person.pk).email == person.email


def test_refuses_a_new_person_outside_the_organisation(superuser_client):
    response = superuser_client.post(
        reverse("admin:staff_user_add"),
        change_form(UserFactory.build(email="someone@gmail.com", team=None), team=""),
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="someone@gmail.com").exists()


def test_an_email_change_keeps_the_sign_in_addresses_in_step(superuser_client, person):
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=False)
    url = reverse("admin:staff_user_change", args=[person.pk])

    response = superuser_client.post(url, change_form(person, email="pat.new@opcc.example.org"))

    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified")) == [
        ("pat.new@opcc.example.org", True)
    ]


def test_an_email_change_asks_the_administrator_to_confirm_who_they_are(
    mfa_client, superuser, person
):
    url = reverse("admin:staff_user_change", args=[person.pk])

    response = mfa_client(superuser, recently=False).post(
        url, change_form(person, email="pat.new@opcc.example.org")
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.get(pk=person.pk).email == person.email


def test_other_changes_need_no_fresh_confirmation(mfa_client, superuser, person):
    url = reverse("admin:staff_user_change", args=[person.pk])

    response = mfa_client(superuser, recently=False).post(
        url, change_form(person, job_title="Head of Policy")
    )

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).job_title == "Head of Policy"
