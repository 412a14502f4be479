import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User, UserSession
from staff.tests.factories import UserFactory, enable_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(mfa_client):
    boss = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(boss)
    return mfa_client(boss)


def test_the_person_page_shows_no_password_hash(superuser_client, person):
    response = superuser_client.get(reverse("admin:staff_user_change", args=[person.pk]))
    assert response.status_code == 200
    assert person.password.encode() not in response.content
    assert b"md5$" not in response.content


def test_changes_in_the_admin_are_audited(superuser_client, person):
    url = reverse("admin:staff_user_change", args=[person.pk])
    data = {
        "email": person.email,
        "full_name": "Pat Renamed",
        "job_title": person.job_title,
        "team": person.team_id,
        "staff_type": person.staff_type,
        "start_date": "2020-01-06",
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
    }
    response = superuser_client.post(url, data)
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
