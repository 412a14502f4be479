"""Revealing a credential: a POST with a reason, by someone who may, who confirmed who
they are with their authenticator app or passkey in the last five minutes."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from accounts_registry import services
from audit.models import AuditEvent
from staff.tests.factories import UserFactory, enable_totp

from .factories import CREDENTIALS, AccessFactory, AccountFactory

pytestmark = pytest.mark.django_db

REASON = "Posting the road closure appeal while the owner is on leave."
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


@pytest.fixture
def account():
    """A registered account whose owner has an authenticator app (``account.totp_secret``)."""
    owner = UserFactory(full_name="Olive Owner")
    account = AccountFactory(owner=owner)
    services.account_register(account=account, actor=owner, **CREDENTIALS)
    account.refresh_from_db()
    account.totp_secret = enable_totp(owner)
    return account


def url(account):
    return reverse("accounts_registry:secret_reveal", args=[account.pk])


def reveal(client, account, field="password", **data):
    data = {"field": field, "reason": REASON, **data}
    return client.post(url(account), data, HTTP_USER_AGENT=BROWSER)


def reveals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="social_account.revealed"))


def test_the_owner_sees_the_password_for_a_short_while_and_it_is_audited(mfa_client, account):
    response = reveal(mfa_client(account.owner), account)

    assert response.status_code == 200
    assert CREDENTIALS["password"] in response.content.decode()
    assert 'data-seconds="30"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    [event] = reveals()
    assert event.actor == account.owner
    assert event.details["field"] == "password"
    assert event.details["reason"] == REASON
    assert event.details["browser"] == BROWSER
    assert CREDENTIALS["password"] not in str(event.details)


def test_the_owner_is_emailed_of_a_reveal_by_the_communications_team(
    mfa_client, account, comms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reveal(mfa_client(comms), account, field="username")

    assert CREDENTIALS["username"] in response.content.decode()
    assert account.owner.email in [message.to[0] for message in mail.outbox]
    assert all(CREDENTIALS["username"] not in message.body for message in mail.outbox)


def test_a_reveal_without_a_recent_second_factor_is_sent_to_confirm_it_first(mfa_client, account):
    response = reveal(mfa_client(account.owner, recently=False), account)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert reveals() == []


def test_a_recent_password_does_not_count_for_a_reveal(client, account):
    client.force_login(account.owner)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": 0, "type": "totp"},
        {"method": "password", "at": time.time(), "reauthenticated": True},
    ]
    session.save()

    response = reveal(client, account)

    assert response.status_code == 302
    assert reveals() == []


def test_after_confirming_with_the_authenticator_the_reveal_goes_ahead(mfa_client, account):
    client = mfa_client(account.owner, recently=False)
    confirm = reveal(client, account)["Location"]
    code = format_hotp_value(hotp_value(account.totp_secret, int(time.time()) // 30))

    response = client.post(confirm, {"code": code})

    assert response.status_code == 200
    assert CREDENTIALS["password"] in response.content.decode()
    assert len(reveals()) == 1


def test_a_colleague_with_access_cannot_reveal_even_by_posting(mfa_client, account):
    colleague = AccessFactory(account=account).person
    enable_totp(colleague)

    response = reveal(mfa_client(colleague), account)

    assert response.status_code == 403
    assert CREDENTIALS["password"] not in response.content.decode()
    assert reveals() == []


def test_an_outsider_is_told_the_account_does_not_exist(mfa_client, account, person):
    enable_totp(person)

    assert reveal(mfa_client(person), account).status_code == 404
    assert reveals() == []


def test_an_owner_without_a_second_factor_cannot_reveal(mfa_client):
    account = AccountFactory()
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)

    response = reveal(mfa_client(account.owner), account)

    assert response.status_code == 403
    assert reveals() == []


def test_opening_the_reveal_address_shows_nothing(mfa_client, account):
    response = mfa_client(account.owner).get(url(account))

    assert response.status_code == 405


def test_a_reveal_without_a_reason_is_refused_on_the_account_page(mfa_client, account):
    response = reveal(mfa_client(account.owner), account, reason="  ")

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Give the reason: it is kept in the audit trail" in html
    assert CREDENTIALS["password"] not in html
    assert reveals() == []


def test_the_accounts_authority_reveals_an_earlier_password(mfa_client, account, authority):
    services.credentials_change(account=account, actor=account.owner, password="Newer-Pass-2026!")
    earlier = account.secrets.get(field="password", replaced_at__isnull=False)

    response = reveal(mfa_client(authority), account, secret=str(earlier.public_id))

    assert response.status_code == 200
    assert CREDENTIALS["password"] in response.content.decode()
    assert "An earlier password" in response.content.decode()


def test_only_the_accounts_authority_reveals_an_earlier_password(mfa_client, account, comms):
    services.credentials_change(account=account, actor=account.owner, password="Newer-Pass-2026!")
    earlier = account.secrets.get(field="password", replaced_at__isnull=False)

    response = reveal(mfa_client(comms), account, secret=str(earlier.public_id))

    assert response.status_code == 400
    assert "Only the accounts authority" in response.content.decode()
    assert CREDENTIALS["password"] not in response.content.decode()
    assert reveals() == []


def test_a_credential_of_another_account_is_not_found(mfa_client, account, comms):
    other = AccountFactory()
    services.account_register(account=other, actor=comms, username="x", password="Other-Pass-1")
    secret = other.secrets.get(field="password")

    response = reveal(mfa_client(comms), account, secret=str(secret.public_id))

    assert response.status_code == 404
    assert reveals() == []


def test_a_secret_that_does_not_decrypt_is_refused_and_the_attempt_recorded(mfa_client, account):
    secret = account.secrets.current().get(field="password")
    tampered = bytearray(secret.ciphertext)
    tampered[0] ^= 1
    type(secret).objects.filter(pk=secret.pk).update(ciphertext=bytes(tampered))

    response = reveal(mfa_client(account.owner), account)

    assert response.status_code == 400
    assert "It cannot be shown" in response.content.decode()
    assert CREDENTIALS["password"] not in response.content.decode()
    assert reveals() == []
    [failed] = AuditEvent.objects.filter(action="social_account.reveal_failed")
    assert (failed.actor, failed.details["field"]) == (account.owner, "password")
    assert failed.details["error"] == "CredentialUndecryptable"
