"""Changing credentials and revealing them."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from accounts_registry import services
from accounts_registry.models import Secret
from accounts_registry.vault import vault_read
from audit.models import AuditEvent
from notifications.models import Notification
from staff.tests.factories import UserFactory, enable_totp

from .factories import CREDENTIALS, AccessFactory, AccountFactory, told

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-Long-Passphrase-2026"


@pytest.fixture
def account():
    """A registered account whose owner has a second factor."""
    account = AccountFactory(owner=UserFactory(full_name="Olive Owner"))
    enable_totp(account.owner)
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)
    account.refresh_from_db()
    return account


def web_request(user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"):
    return RequestFactory().post("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=user_agent)


def reveal(account, actor, field="password", **options):
    options.setdefault("reason", "Posting the appeal while the owner is on leave.")
    return services.secret_reveal(account=account, field=field, actor=actor, **options)


def reveal_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="social_account.revealed"))


# Changing credentials ---------------------------------------------------------------------


def test_a_new_password_keeps_the_earlier_one_replaced(account, authority):
    before = account.secrets.current().get(field=Secret.Field.PASSWORD)

    services.credentials_change(account=account, actor=account.owner, password=NEW_PASSWORD)

    before.refresh_from_db()
    assert before.replaced_at is not None
    assert vault_read(before) == CREDENTIALS["password"]
    assert vault_read(account.secrets.current().get(field="password")) == NEW_PASSWORD
    assert account.secrets.filter(field="password").count() == 2


def test_a_new_password_clears_password_change_required(account):
    services.mark_password_change_required(accounts=[account], reason="Sam left the team.")

    services.credentials_change(account=account, actor=account.owner, password=NEW_PASSWORD)

    account.refresh_from_db()
    assert not account.password_change_required
    assert (account.password_change_reason, account.password_change_since) == ("", None)


def test_other_credentials_leave_password_change_required_set(account):
    services.mark_password_change_required(accounts=[account], reason="Sam left the team.")

    services.credentials_change(account=account, actor=account.owner, notes="New phone number.")

    account.refresh_from_db()
    assert account.password_change_required


def test_a_new_password_or_username_is_reported_to_the_accounts_authority(account, authority):
    services.credentials_change(account=account, actor=account.owner, password=NEW_PASSWORD)
    services.credentials_change(account=account, actor=account.owner, username="opcc_youth_2")

    notes = Notification.objects.filter(kind="account_changed", recipient=authority)
    assert [n.subject for n in notes.order_by("pk")] == [
        f"{account.handle} (Twitter/X): Olive Owner registered a new password",
        f"{account.handle} (Twitter/X): Olive Owner registered a new username",
    ]


def test_new_notes_are_not_reported(account, authority):
    services.credentials_change(account=account, actor=account.owner, notes="Nothing much.")

    assert told("account_changed") == set()


def test_nothing_typed_is_a_clear_error(account):
    with pytest.raises(ValidationError, match="at least one"):
        services.credentials_change(account=account, actor=account.owner)


def test_an_empty_password_is_refused(account):
    with pytest.raises(ValidationError, match="password cannot be empty"):
        services.credentials_change(account=account, actor=account.owner, password="")
    assert account.secrets.filter(field="password").count() == 1


def test_someone_with_access_cannot_change_the_credentials(account):
    colleague = AccessFactory(account=account).person

    with pytest.raises(ValidationError, match="cannot change"):
        services.credentials_change(account=account, actor=colleague, password=NEW_PASSWORD)


def test_credentials_of_an_account_awaiting_registration_are_registered_not_changed():
    account = AccountFactory()

    with pytest.raises(ValidationError, match="Register"):
        services.credentials_change(account=account, actor=account.owner, password=NEW_PASSWORD)


# Revealing ------------------------------------------------------------------------------


def test_the_owner_reveals_the_password(account):
    assert reveal(account, account.owner) == CREDENTIALS["password"]


@pytest.mark.parametrize("field", list(CREDENTIALS))
def test_every_field_can_be_revealed(account, comms, field):
    assert reveal(account, comms, field=field) == CREDENTIALS[field]


def test_the_reveal_is_audited_with_who_why_where_and_which_browser(account, authority):
    long_agent = "Mozilla/5.0 " + "x" * 400

    reveal(account, authority, http_request=web_request(long_agent))

    (event,) = reveal_events()
    assert (event.actor, event.target_id) == (authority, str(account.pk))
    assert event.ip_address == "203.0.113.9"
    assert event.details["field"] == "password"
    assert event.details["reason"] == "Posting the appeal while the owner is on leave."
    assert event.details["browser"] == long_agent[:200]
    assert CREDENTIALS["password"] not in repr(event.details)


def test_the_audit_event_is_written_before_the_secret_is_decrypted(account, comms):
    def read(secret):
        assert len(reveal_events()) == 1
        return "decrypted"

    with mock.patch("accounts_registry.services.vault_read", side_effect=read):
        assert reveal(account, comms) == "decrypted"


def test_a_reveal_that_cannot_decrypt_records_nothing_and_returns_nothing(account, comms):
    Secret.objects.filter(account=account, field="password").update(ciphertext=b"tampered")

    with pytest.raises(Exception, match="does not decrypt"):
        reveal(account, comms)
    assert reveal_events() == []


def test_the_owner_and_the_accounts_authority_are_told_of_a_reveal(account, comms, authority):
    reveal(account, comms)

    assert told("account_secret_revealed") == {"Olive Owner", "Casey Chief"}


def test_the_owner_hears_of_their_own_reveal_too(account, authority):
    reveal(account, account.owner)

    assert told("account_secret_revealed") == {"Olive Owner", "Casey Chief"}


def test_a_reveal_needs_a_reason(account):
    with pytest.raises(ValidationError, match="Say why"):
        reveal(account, account.owner, reason="   ")
    assert reveal_events() == []


def test_a_colleague_with_access_cannot_reveal(account):
    colleague = AccessFactory(account=account).person
    enable_totp(colleague)

    with pytest.raises(ValidationError, match="cannot see"):
        reveal(account, colleague)
    assert reveal_events() == []
    assert told("account_secret_revealed") == set()


def test_the_owner_without_a_second_factor_cannot_reveal():
    account = AccountFactory()
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)

    with pytest.raises(ValidationError, match="cannot see"):
        reveal(account, account.owner)


def test_an_auditor_cannot_reveal(account, auditor):
    with pytest.raises(ValidationError, match="cannot see"):
        reveal(account, auditor)


def test_earlier_passwords_are_revealed_to_the_accounts_authority_only(account, comms, authority):
    services.credentials_change(account=account, actor=account.owner, password=NEW_PASSWORD)
    earlier = account.secrets.get(field="password", replaced_at__isnull=False)

    assert reveal(account, authority, secret=earlier) == CREDENTIALS["password"]
    for other in (comms, account.owner):
        with pytest.raises(ValidationError, match="accounts authority"):
            reveal(account, other, secret=earlier)
    (event,) = reveal_events()
    assert "earlier_from" in event.details


def test_a_secret_of_another_account_is_refused(account, comms):
    other = AccountFactory()
    services.account_register(account=other, actor=comms, **CREDENTIALS)
    theirs = other.secrets.get(field="password")

    with pytest.raises(ValidationError, match="does not belong"):
        reveal(account, comms, secret=theirs)


def test_revealing_a_field_never_registered_is_a_clear_error(comms):
    account = AccountFactory()
    services.account_register(
        account=account, actor=comms, username="opcc", password="A-long-password-1"
    )

    with pytest.raises(ValidationError, match="No authenticator \\(TOTP\\) seed is registered"):
        reveal(account, comms, field="totp_seed")
