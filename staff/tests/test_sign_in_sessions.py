"""A session stops working as soon as its person may no longer sign in."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from staff.models import User, UserSession
from staff.services import staff_deactivate, staff_reactivate
from staff.tests.factories import UserFactory

HOME = reverse("home")
LOGIN = reverse("account_login")


def signed_in(user, password):
    client = Client()
    response = client.post(LOGIN, {"login": user.email, "password": password})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    return client


def sent_to_sign_in(response):
    return response.status_code == 302 and response.url.startswith(LOGIN)


def test_deactivating_a_person_ends_the_session_they_are_using(person, password, admin_user):
    client = signed_in(person, password)

    staff_deactivate(user=person, actor=admin_user, reason="Dismissed")

    assert sent_to_sign_in(client.get(HOME))


def test_a_session_stops_working_even_if_only_the_active_flag_changed(person, password):
    # For example through Django admin or the database, without the service.
    client = signed_in(person, password)

    User.objects.filter(pk=person.pk).update(is_active=False)

    assert sent_to_sign_in(client.get(HOME))


def test_a_session_stops_working_when_the_leaving_date_passes(db, password):
    leaver = UserFactory(leaving_date=dt.date(2026, 4, 30))
    with time_machine.travel(dt.datetime(2026, 4, 30, 22, 50, tzinfo=dt.UTC)):
        client = signed_in(leaver, password)

    # 00:05 the next day in London, before the nightly job deactivates anyone.
    with time_machine.travel(dt.datetime(2026, 4, 30, 23, 5, tzinfo=dt.UTC)):
        response = client.get(HOME)

    assert sent_to_sign_in(response)
    assert User.objects.get(pk=leaver.pk).is_active


def test_the_session_of_a_colleague_carries_on(person, password, admin_user):
    colleague = UserFactory()
    client = signed_in(colleague, password)

    staff_deactivate(user=person, actor=admin_user, reason="Dismissed")

    assert client.get(HOME).status_code == 200


def test_a_person_past_their_leaving_date_cannot_sign_in(db, password):
    leaver = UserFactory(leaving_date=dt.date(2026, 4, 30))
    client = Client()

    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)):
        response = client.post(LOGIN, {"login": leaver.email, "password": password}, follow=True)
        assert response.redirect_chain == [(reverse("account_inactive"), 302)]
        assert b"You cannot sign in" in response.content
        assert sent_to_sign_in(client.get(HOME))


def test_a_deactivated_person_cannot_sign_in(db, password):
    former = UserFactory(is_active=False)
    client = Client()

    response = client.post(LOGIN, {"login": former.email, "password": password}, follow=True)

    assert response.redirect_chain == [(reverse("account_inactive"), 302)]
    assert sent_to_sign_in(client.get(HOME))


def test_a_wrong_password_for_a_leaver_says_nothing_about_the_account(db):
    leaver = UserFactory(is_active=False)

    response = Client().post(LOGIN, {"login": leaver.email, "password": "a-wrong-guess-at-it"})

    assert response.status_code == 200
    assert b"email address or password is not right" in response.content


def test_a_session_that_changed_password_stays_ended_after_deactivation_and_reactivation(
    person, password, admin_user
):
    client = signed_in(person, password)
    # Changing password gives the session a new key (against session fixation).
    new_password = "a different long passphrase 7"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200

    staff_deactivate(user=person, actor=admin_user, reason="Suspended")
    staff_reactivate(user=person, actor=admin_user)

    assert sent_to_sign_in(client.get(HOME))
    assert signed_in(person, new_password).get(HOME).status_code == 200


def test_after_a_password_change_the_remembered_session_is_the_one_in_use(person, password):
    other_device = signed_in(person, password)
    client = signed_in(person, password)
    new_password = "a different long passphrase 7"
    client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": new_password, "password2": new_password},
    )

    assert list(UserSession.objects.filter(user=person).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
    assert sent_to_sign_in(other_device.get(HOME))
