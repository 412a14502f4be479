"""A changed work email is the only address that opens the account, and both addresses are told."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User
from staff.services import staff_create, staff_update
from staff.tests.factories import UserFactory
from staff.tests.test_staff_edit import form_data

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
OLD = "jo.smith@opcc.example.org"
NEW = "jo.jones@opcc.example.org"


@pytest.fixture
def jo(db):
    return UserFactory(full_name="Jo Smith", email=OLD)


def reset_requested(email, capture):
    """Ask for a password reset as the sign-in page does; returns the emails sent."""
    with capture(execute=True):
        Client().post(reverse("account_reset_password"), {"email": email})


def edit_email(client, person, email, capture):
    with capture(execute=True):
        return client.post(reverse("staff:edit", args=[person.pk]), form_data(person, email=email))


def signs_in(email, password) -> bool:
    response = Client().post(LOGIN, {"login": email, "password": password})
    return response.status_code == 302


def test_refuses_sign_in_with_the_old_address_after_a_change(
    mfa_client, admin_user, jo, password, django_capture_on_commit_callbacks
):
    # A reset request makes allauth keep its own copy of the address.
    reset_requested(OLD, django_capture_on_commit_callbacks)
    assert EmailAddress.objects.filter(user=jo, email=OLD).exists()

    response = edit_email(mfa_client(admin_user), jo, NEW, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert not signs_in(OLD, password)
    assert signs_in(NEW, password)


def test_a_new_starter_given_the_old_address_gets_a_reset_link_for_their_own_account_only(
    mfa_client, admin_user, jo, password, mailoutbox, django_capture_on_commit_callbacks
):
    reset_requested(OLD, django_capture_on_commit_callbacks)
    edit_email(mfa_client(admin_user), jo, NEW, django_capture_on_commit_callbacks)
    starter = staff_create(actor=admin_user, email=OLD, full_name="Jo Smith (new starter)")
    mailoutbox.clear()

    reset_requested(OLD, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.to == [OLD]
    links = [w for w in message.body.split() if "/accounts/password/reset/key/" in w]
    assert len(links) == 1
    client = Client()
    form_url = client.get(links[0]).url
    passphrase = "a fresh passphrase for the new starter"
    client.post(form_url, {"password1": passphrase, "password2": passphrase})
    assert User.objects.get(pk=starter.pk).check_password(passphrase)
    assert User.objects.get(pk=jo.pk).check_password(password)


def test_keeps_the_new_address_as_the_only_one_primary_and_verified(
    mfa_client, admin_user, jo, django_capture_on_commit_callbacks
):
    reset_requested(OLD, django_capture_on_commit_callbacks)

    edit_email(mfa_client(admin_user), jo, NEW.upper(), django_capture_on_commit_callbacks)

    assert list(EmailAddress.objects.filter(user=jo).values_list("email", "primary", "verified")) == [
        (NEW, True, True)
    ]
    assert User.objects.get(pk=jo.pk).email == NEW


def test_tells_both_the_old_and_the_new_address(
    mfa_client, admin_user, jo, mailoutbox, django_capture_on_commit_callbacks
):
    edit_email(mfa_client(admin_user), jo, NEW, django_capture_on_commit_callbacks)

    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {OLD, NEW}
    for message in by_address.values():
        assert OLD in message.body and NEW in message.body
        assert "Alex Admin" in message.body
        assert message.alternatives
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    event = AuditEvent.objects.get(action="staff.changed", target_id=str(jo.pk))
    assert event.details["email"] == {"from": OLD, "to": NEW}


def test_another_change_tells_nobody_about_email(
    mfa_client, admin_user, jo, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mfa_client(admin_user).post(
            reverse("staff:edit", args=[jo.pk]), form_data(jo, job_title="Head of Policy")
        )

    assert mailoutbox == []


def test_asks_the_administrator_to_confirm_who_they_are_before_changing_an_email(
    mfa_client, admin_user, jo
):
    response = mfa_client(admin_user, recently=False).post(
        reverse("staff:edit", args=[jo.pk]), form_data(jo, email=NEW)
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.get(pk=jo.pk).email == OLD


def test_removes_an_address_left_with_someone_else_when_a_person_is_given_it(admin_user, jo):
    # As an address could be left behind before: allauth kept it after a change.
    former = UserFactory(email="jo.former@opcc.example.org")
    EmailAddress.objects.create(user=former, email=NEW, verified=False, primary=False)

    staff_update(user=jo, actor=admin_user, email=NEW)

    assert list(EmailAddress.objects.filter(email=NEW).values_list("user", flat=True)) == [jo.pk]


def test_a_new_starter_has_their_work_address_primary_and_verified(admin_user):
    starter = staff_create(actor=admin_user, email="New.Starter@opcc.example.org", full_name="N S")

    address = EmailAddress.objects.get(user=starter)
    assert (address.email, address.primary, address.verified) == (
        "new.starter@opcc.example.org",
        True,
        True,
    )


def test_the_migration_removes_addresses_left_behind_by_earlier_changes(jo):
    migration = importlib.import_module("staff.migrations.0005_remove_left_behind_sign_in_addresses")
    EmailAddress.objects.create(user=jo, email="jo.before@opcc.example.org")
    EmailAddress.objects.create(user=jo, email=OLD)

    migration.remove_left_behind_addresses(apps, None)

    assert list(EmailAddress.objects.values_list("email", flat=True)) == [OLD]
