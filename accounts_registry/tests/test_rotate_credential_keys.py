"""Moving every credential to the newest master key, and the commands operators use for it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts_registry import crypto
from accounts_registry.crypto import new_master_key
from accounts_registry.models import Secret
from accounts_registry.vault import vault_read, vault_rotate, vault_store

from .factories import AccountFactory

pytestmark = pytest.mark.django_db

OLD = new_master_key("2025-12")
NEW = new_master_key("2026-06")
PASSWORDS = ["Summer-Appeal-2026!", "Winter-Appeal-2026!", "Spring-Appeal-2027!"]


@pytest.fixture
def stored(settings):
    """Three passwords (one replaced by another) and a username, all under the old key."""
    settings.CREDENTIAL_KEYS = [OLD]
    youth, press = AccountFactory(active=True), AccountFactory(active=True)
    secrets = [
        vault_store(account=youth, field="password", value=PASSWORDS[0], actor=youth.owner),
        vault_store(account=youth, field="password", value=PASSWORDS[1], actor=youth.owner),
        vault_store(account=press, field="password", value=PASSWORDS[2], actor=press.owner),
        vault_store(account=press, field="username", value="opcc.press", actor=press.owner),
    ]
    return [secret.pk for secret in secrets]


def rotate() -> str:
    out = StringIO()
    call_command("rotate_credential_keys", stdout=out)
    return out.getvalue()


def values(pks) -> list[str]:
    return [vault_read(Secret.objects.get(pk=pk)) for pk in pks]


def test_moves_every_credential_to_the_new_key_and_reports_none_left_on_the_old(stored, settings):
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    output = rotate()

    assert set(Secret.objects.values_list("key_id", flat=True)) == {"2026-06"}
    assert "2026-06 (newest): 4 credentials" in output
    assert "2025-12 (configured): 0 credentials" in output
    assert "No credential uses '2025-12' any more: it can be removed" in output
    settings.CREDENTIAL_KEYS = [NEW]
    assert values(stored) == [*PASSWORDS, "opcc.press"]


def test_keeps_replaced_credentials_replaced(stored, settings):
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    rotate()

    assert Secret.objects.filter(replaced_at__isnull=False).count() == 1


def test_counts_every_configured_key_even_when_unused(stored, settings):
    spare = new_master_key("spare")
    settings.CREDENTIAL_KEYS = [NEW, OLD, spare]

    assert vault_rotate() == {"2026-06": 4, "2025-12": 0, "spare": 0}


def test_changes_nothing_when_run_again(stored, settings):
    settings.CREDENTIAL_KEYS = [NEW, OLD]
    rotate()
    wrapped = dict(Secret.objects.values_list("pk", "wrapped_key"))

    output = rotate()

    assert {pk: bytes(key) for pk, key in Secret.objects.values_list("pk", "wrapped_key")} == {
        pk: bytes(key) for pk, key in wrapped.items()
    }
    assert "Every credential is wrapped by the newest key, '2026-06'." in output


def test_never_prints_a_credential(stored, settings):
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    output = rotate()

    for value in [*PASSWORDS, "opcc.press", NEW, OLD]:
        assert value not in output
    assert NEW.partition(":")[2] not in output


def test_names_a_key_that_wraps_credentials_but_is_not_configured(stored, settings):
    settings.CREDENTIAL_KEYS = [NEW]

    with pytest.raises(CommandError, match=r"not in CREDENTIAL_KEYS.*'2025-12' \(4 credentials\)"):
        rotate()


def test_rotates_what_it_can_when_one_key_is_missing(settings):
    settings.CREDENTIAL_KEYS = [OLD]
    lost = AccountFactory(active=True)
    vault_store(account=lost, field="password", value="lost", actor=lost.owner)
    other = new_master_key("2026-01")
    settings.CREDENTIAL_KEYS = [other]
    kept = AccountFactory(active=True)
    kept_secret = vault_store(account=kept, field="password", value="kept", actor=kept.owner)
    settings.CREDENTIAL_KEYS = [NEW, other]

    assert vault_rotate() == {"2026-06": 1, "2026-01": 0, "2025-12": 1}
    assert vault_read(Secret.objects.get(pk=kept_secret.pk)) == "kept"


def test_stops_at_an_altered_credential_keeping_the_rows_before_it(stored, settings):
    tampered = Secret.objects.get(pk=stored[1])
    wrapped = bytearray(bytes(tampered.wrapped_key))
    wrapped[-1] ^= 1
    Secret.objects.filter(pk=tampered.pk).update(wrapped_key=bytes(wrapped))
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    with pytest.raises(CommandError) as refused:
        rotate()

    message = str(refused.value)
    assert f"account {tampered.account_id}" in message
    assert str(tampered.public_id) in message
    assert PASSWORDS[1] not in message
    key_ids = dict(Secret.objects.values_list("pk", "key_id"))
    assert [key_ids[pk] for pk in stored] == ["2026-06", "2025-12", "2025-12", "2025-12"]


def test_refuses_a_malformed_key_list(stored, settings):
    settings.CREDENTIAL_KEYS = [NEW, "2025-12:not-a-key"]

    with pytest.raises(
        CommandError, match=r"'2025-12' \(CREDENTIAL_KEYS entry 2\) is not 32 bytes"
    ):
        rotate()


def test_refuses_without_any_key(settings):
    settings.CREDENTIAL_KEYS = []

    with pytest.raises(CommandError, match="No credential key is configured"):
        rotate()


def test_says_so_when_a_process_still_writes_with_the_old_key(settings, monkeypatch):
    # A web or worker process not yet restarted stores a credential under the old
    # key after the rows were re-wrapped.
    settings.CREDENTIAL_KEYS = [NEW, OLD]
    monkeypatch.setattr(
        "accounts_registry.management.commands.rotate_credential_keys.vault_rotate",
        lambda: {"2026-06": 3, "2025-12": 1},
    )

    with pytest.raises(CommandError, match=r"Older keys still in use: '2025-12' \(1 credential\)"):
        rotate()


def test_prints_a_new_key_entry_that_can_be_configured(settings):
    settings.CREDENTIAL_KEYS = [OLD]
    out = StringIO()

    call_command("new_credential_key", "2026-06", stdout=out)

    entry = out.getvalue().strip()
    settings.CREDENTIAL_KEYS = [entry, OLD]
    assert list(crypto.master_keys()) == ["2026-06", "2025-12"]


def test_refuses_a_new_key_id_already_configured(settings):
    settings.CREDENTIAL_KEYS = [OLD]

    with pytest.raises(CommandError, match="'2025-12' is already in CREDENTIAL_KEYS"):
        call_command("new_credential_key", "2025-12")


def test_refuses_a_new_key_id_with_spaces():
    with pytest.raises(CommandError, match="not a valid key id"):
        call_command("new_credential_key", "june 2026")
