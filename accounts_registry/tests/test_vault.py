"""Storing and reading credentials: only ciphertext in the table, each row bound to its place."""

import pytest
from django.db import connection

from accounts_registry.crypto import CredentialKeyMissing, CredentialUndecryptable, new_master_key
from accounts_registry.models import Secret
from accounts_registry.vault import vault_read, vault_store
from staff.tests.factories import UserFactory

from .factories import AccountFactory

pytestmark = pytest.mark.django_db

OLD = new_master_key("2025-12")
NEW = new_master_key("2026-06")
SEALED_COLUMNS = ("key_id", "wrapped_key", "nonce", "ciphertext")


@pytest.fixture(autouse=True)
def one_key(settings):
    settings.CREDENTIAL_KEYS = [OLD]


@pytest.fixture
def account():
    return AccountFactory(active=True)


def store(account, field="password", value="Summer-Appeal-2026!"):
    return vault_store(account=account, field=field, value=value, actor=account.owner)


def copy_sealed(source: Secret, target: Secret) -> Secret:
    """Put ``source``'s encrypted columns into ``target``'s row, as someone with the database could."""
    Secret.objects.filter(pk=target.pk).update(
        **{column: getattr(source, column) for column in SEALED_COLUMNS}
    )
    return Secret.objects.get(pk=target.pk)


def test_reads_back_what_it_stored(account):
    secret = store(account, value="Summer-Appeal-2026! ✓")

    assert vault_read(Secret.objects.get(pk=secret.pk)) == "Summer-Appeal-2026! ✓"
    assert (secret.field, secret.key_id, secret.created_by) == (
        "password",
        "2025-12",
        account.owner,
    )


def test_keeps_no_plaintext_in_the_table(account):
    values = {
        "username": "opcc.youth@example.org",
        "password": "Summer-Appeal-2026!",
        "totp_seed": "JBSWY3DPEHPK3PXP",
        "recovery_codes": "8f1e-22aa 91bc-7d03",
        "notes": "Two-step codes go to the press office phone",
    }
    for field, value in values.items():
        store(account, field=field, value=value)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Secret._meta.db_table}")
        rows = cursor.fetchall()

    assert len(rows) == len(values)
    raw = b"".join(
        bytes(cell) if isinstance(cell, bytes | memoryview) else str(cell).encode()
        for row in rows
        for cell in row
    )
    for value in values.values():
        assert value.encode() not in raw
        assert value.encode().hex().encode() not in raw.lower()


def test_keeps_the_earlier_value_readable_and_marked_replaced(account):
    first = store(account, value="first password")

    second = store(account, value="second password")

    first.refresh_from_db()
    assert first.replaced_at == second.created_at
    assert list(Secret.objects.current().filter(account=account)) == [second]
    assert vault_read(first) == "first password"
    assert vault_read(second) == "second password"


def test_replaces_only_the_same_field_of_the_same_account(account):
    password = store(account, field="password")
    other_account = store(AccountFactory(active=True), field="username")

    store(account, field="username")

    password.refresh_from_db()
    other_account.refresh_from_db()
    assert password.replaced_at is None
    assert other_account.replaced_at is None


def test_refuses_a_ciphertext_copied_to_another_account(account):
    original = store(account)
    elsewhere = store(AccountFactory(active=True), value="another password")

    with pytest.raises(CredentialUndecryptable):
        vault_read(copy_sealed(original, elsewhere))


def test_refuses_a_ciphertext_copied_to_another_field(account):
    password = store(account, field="password")
    username = store(account, field="username", value="opcc.youth")

    with pytest.raises(CredentialUndecryptable):
        vault_read(copy_sealed(password, username))


def test_refuses_a_ciphertext_copied_over_an_earlier_row_of_the_same_field(account):
    earlier = store(account, value="first password")
    current = store(account, value="second password")

    with pytest.raises(CredentialUndecryptable):
        vault_read(copy_sealed(current, earlier))


@pytest.mark.parametrize("column", ["ciphertext", "nonce", "wrapped_key"])
def test_refuses_a_stored_byte_changed(account, column):
    secret = store(account)
    data = bytearray(bytes(getattr(secret, column)))
    data[len(data) // 2] ^= 0x40
    Secret.objects.filter(pk=secret.pk).update(**{column: bytes(data)})

    with pytest.raises(CredentialUndecryptable):
        vault_read(Secret.objects.get(pk=secret.pk))


def test_names_the_missing_key(account, settings):
    secret = store(account)
    settings.CREDENTIAL_KEYS = [NEW]

    with pytest.raises(CredentialKeyMissing, match="'2025-12'"):
        vault_read(secret)


def test_changes_nothing_when_no_key_is_configured(account, settings):
    current = store(account)
    settings.CREDENTIAL_KEYS = []

    with pytest.raises(CredentialKeyMissing):
        store(account, value="never stored")

    current.refresh_from_db()
    assert current.replaced_at is None
    assert Secret.objects.filter(account=account).count() == 1


def test_stores_new_values_under_the_first_key_listed(account, settings):
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    assert store(account).key_id == "2026-06"


def test_refuses_a_field_that_is_not_a_credential(account):
    with pytest.raises(ValueError, match="'pin' is not a credential field"):
        vault_store(account=account, field="pin", value="1234", actor=UserFactory())
