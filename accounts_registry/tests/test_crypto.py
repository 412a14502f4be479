"""Envelope encryption of credentials: what decrypts, what refuses to, and the key list."""

import base64
import dataclasses
import os
import re

import pytest

from accounts_registry import crypto
from accounts_registry.crypto import (
    CredentialError,
    CredentialKeyMissing,
    CredentialUndecryptable,
    new_master_key,
    rewrap,
    seal,
    unseal,
)

CONTEXT = crypto.secret_context(public_id="5b0c3c3e", account_id=7, field="password")
OLD = new_master_key("2025-12")
NEW = new_master_key("2026-06")


@pytest.fixture(autouse=True)
def one_key(settings):
    settings.CREDENTIAL_KEYS = [OLD]


def flip_a_bit(data: bytes, at: int = 0) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


def test_unseals_what_it_sealed():
    sealed = seal("correct horse – bätterý ✓", context=CONTEXT)

    assert unseal(sealed, context=CONTEXT) == "correct horse – bätterý ✓"
    assert sealed.key_id == "2025-12"


def test_seals_an_empty_value():
    assert unseal(seal("", context=CONTEXT), context=CONTEXT) == ""


def test_seals_the_same_text_differently_each_time():
    first, second = seal("same", context=CONTEXT), seal("same", context=CONTEXT)

    assert first.ciphertext != second.ciphertext
    assert first.wrapped_key != second.wrapped_key
    assert first.nonce != second.nonce


def test_keeps_the_text_out_of_what_is_stored():
    sealed = seal("hunter2-hunter2", context=CONTEXT)

    stored = sealed.wrapped_key + sealed.nonce + sealed.ciphertext
    assert b"hunter2" not in stored


@pytest.mark.parametrize(
    "other",
    [
        crypto.secret_context(public_id="5b0c3c3e", account_id=8, field="password"),
        crypto.secret_context(public_id="5b0c3c3e", account_id=7, field="username"),
        crypto.secret_context(public_id="9f9f9f9f", account_id=7, field="password"),
    ],
    ids=["another account", "another field", "another row"],
)
def test_refuses_a_secret_moved_to_another_place(other):
    sealed = seal("secret", context=CONTEXT)

    with pytest.raises(CredentialUndecryptable):
        unseal(sealed, context=other)


@pytest.mark.parametrize("part", ["ciphertext", "nonce", "wrapped_key"])
@pytest.mark.parametrize("at", [0, -1])
def test_refuses_a_single_changed_bit(part, at):
    sealed = seal("secret", context=CONTEXT)
    data = getattr(sealed, part)
    tampered = dataclasses.replace(sealed, **{part: flip_a_bit(data, at % len(data))})

    with pytest.raises(CredentialUndecryptable):
        unseal(tampered, context=CONTEXT)


@pytest.mark.parametrize("part", ["nonce", "wrapped_key", "ciphertext"])
def test_refuses_a_part_cut_short(part):
    sealed = seal("secret", context=CONTEXT)
    tampered = dataclasses.replace(sealed, **{part: getattr(sealed, part)[:3]})

    with pytest.raises(CredentialUndecryptable):
        unseal(tampered, context=CONTEXT)


def test_refuses_a_data_key_relabelled_with_another_key_id(settings):
    sealed = seal("secret", context=CONTEXT)
    # The same key material under another id: the id is bound into the wrapping.
    settings.CREDENTIAL_KEYS = ["relabelled" + OLD[len("2025-12") :]]

    with pytest.raises(CredentialUndecryptable):
        unseal(dataclasses.replace(sealed, key_id="relabelled"), context=CONTEXT)


def test_refuses_a_key_id_given_other_key_material(settings):
    sealed = seal("secret", context=CONTEXT)
    settings.CREDENTIAL_KEYS = [new_master_key("2025-12")]

    with pytest.raises(CredentialUndecryptable, match="different key under that id"):
        unseal(sealed, context=CONTEXT)


def test_names_the_key_that_is_missing(settings):
    sealed = seal("secret", context=CONTEXT)
    settings.CREDENTIAL_KEYS = [NEW]

    with pytest.raises(CredentialKeyMissing, match="'2025-12' is not configured"):
        unseal(sealed, context=CONTEXT)


def test_refuses_to_seal_without_a_key(settings):
    settings.CREDENTIAL_KEYS = []

    with pytest.raises(CredentialKeyMissing, match="No credential key is configured"):
        seal("secret", context=CONTEXT)


def test_seals_with_the_first_key_listed(settings):
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    assert seal("secret", context=CONTEXT).key_id == "2026-06"


def test_rewraps_under_the_newest_key_without_touching_the_ciphertext(settings):
    sealed = seal("secret", context=CONTEXT)
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    rewrapped = rewrap(sealed, context=CONTEXT)
    settings.CREDENTIAL_KEYS = [NEW]

    assert rewrapped.key_id == "2026-06"
    assert (rewrapped.nonce, rewrapped.ciphertext) == (sealed.nonce, sealed.ciphertext)
    assert unseal(rewrapped, context=CONTEXT) == "secret"


def test_leaves_a_secret_under_the_newest_key_as_it_is():
    sealed = seal("secret", context=CONTEXT)

    assert rewrap(sealed, context=CONTEXT) is sealed


def test_refuses_to_rewrap_a_tampered_data_key(settings):
    sealed = seal("secret", context=CONTEXT)
    settings.CREDENTIAL_KEYS = [NEW, OLD]

    with pytest.raises(CredentialUndecryptable):
        rewrap(
            dataclasses.replace(sealed, wrapped_key=flip_a_bit(sealed.wrapped_key, 20)),
            context=CONTEXT,
        )


def test_reads_the_keys_newest_first_skipping_blank_entries(settings):
    settings.CREDENTIAL_KEYS = [NEW, " ", f" {OLD} "]

    assert list(crypto.master_keys()) == ["2026-06", "2025-12"]


def test_accepts_standard_base64_with_padding(settings):
    # What `openssl rand -base64 32` prints: "+", "/" and "=" included.
    material = bytes([251, 255, 190] * 10 + [0, 1])
    settings.CREDENTIAL_KEYS = [f"openssl:{base64.b64encode(material).decode()}"]

    assert crypto.master_keys() == {"openssl": material}


KEY_MATERIAL = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
SHORT_MATERIAL = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([KEY_MATERIAL], "CREDENTIAL_KEYS entry 1 is not <key id>:<base64 key>"),
        (
            [OLD, f"has space:{KEY_MATERIAL}"],
            "CREDENTIAL_KEYS entry 2 is not <key id>:<base64 key>",
        ),
        ([f":{KEY_MATERIAL}"], "CREDENTIAL_KEYS entry 1 is not <key id>:<base64 key>"),
        ([f"{'k' * 41}:{KEY_MATERIAL}"], "CREDENTIAL_KEYS entry 1 is not"),
        ([f"short:{SHORT_MATERIAL}"], "'short' (CREDENTIAL_KEYS entry 1) is not 32 bytes"),
        ([f"junk:{KEY_MATERIAL}!!"], "'junk' (CREDENTIAL_KEYS entry 1) is not 32 bytes"),
        (["empty:"], "'empty' (CREDENTIAL_KEYS entry 1) is not 32 bytes"),
        ([OLD, "2025-12" + NEW[len("2026-06") :]], "'2025-12' is listed twice"),
    ],
    ids=["no id", "bad id", "empty id", "long id", "short key", "not base64", "no key", "twice"],
)
def test_refuses_a_malformed_entry_without_repeating_its_key(settings, entries, message):
    settings.CREDENTIAL_KEYS = entries

    with pytest.raises(CredentialError, match=re.escape(message)) as refused:
        crypto.master_keys()

    for material in (KEY_MATERIAL, SHORT_MATERIAL, OLD.partition(":")[2], NEW.partition(":")[2]):
        assert material not in str(refused.value)


def test_makes_a_new_entry_that_reads_back(settings):
    entry = new_master_key("2026-06.b")
    settings.CREDENTIAL_KEYS = [entry]

    assert len(crypto.master_keys()["2026-06.b"]) == 32
    assert new_master_key("2026-06.b") != entry


def test_refuses_to_make_a_key_with_a_bad_id():
    with pytest.raises(CredentialError, match="not a valid key id"):
        new_master_key("june 2026")
