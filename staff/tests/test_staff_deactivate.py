import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User, UserSession

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("staff:deactivate", args=[person.pk])


def test_asks_for_confirmation_first(mfa_client, admin_user, person, password):
    Client().login(email=person.email, password=password)
    response = mfa_client(admin_user).get(url(person))
    assert response.status_code == 200
    assert b"Deactivate Pat Member?" in response.content
    assert b"1 active session" in response.content
    assert User.objects.get(pk=person.pk).is_active


def test_deactivates_and_signs_the_person_out_everywhere(
    mfa_client, admin_user, person, password
):
    theirs = Client()
    theirs.login(email=person.email, password=password)
    assert theirs.get(reverse("home")).status_code == 200
    response = mfa_client(admin_user).post(url(person), {"reason": "Left on 31 March"})
    assert response.status_code == 302
    assert not User.objects.get(pk=person.pk).is_active
    assert not UserSession.objects.filter(user=person).exists()
    assert theirs.get(reverse("home")).url.startswith(reverse("account_login"))
    event = AuditEvent.objects.get(action="staff.deactivated")
    assert event.details == {"reason": "Left on 31 March", "sessions_ended": 1}
    assert event.actor == admin_user


def test_requires_a_reason(mfa_client, admin_user, person):
    response = mfa_client(admin_user).post(url(person), {"reason": ""})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert User.objects.get(pk=person.pk).is_active


def test_asks_an_administrator_to_confirm_who_they_are_if_not_recent(
    mfa_client, admin_user, person
):
    response = mfa_client(admin_user, recently=False).post(url(person), {"reason": "Left"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.get(pk=person.pk).is_active


def test_refuses_to_deactivate_yourself(mfa_client, admin_user):
    response = mfa_client(admin_user).post(url(admin_user), {"reason": "Oops"}, follow=True)
    assert b"You cannot deactivate your own account" in response.content
    assert User.objects.get(pk=admin_user.pk).is_active


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive", "manager"])
def test_refuses_anyone_but_an_administrator(request, mfa_client, fixture, person):
    client = mfa_client(request.getfixturevalue(fixture))
    assert client.get(url(person)).status_code == 403
    assert client.post(url(person), {"reason": "x"}).status_code == 403
    assert User.objects.get(pk=person.pk).is_active


def test_sends_anonymous_visitors_to_sign_in(client, person):
    assert client.post(url(person), {"reason": "x"}).url.startswith(reverse("account_login"))
