"""Envelope encryption of registered credentials (AES-256-GCM, ``cryptography``).

Each secret gets a random 256-bit data key of its own, which encrypts the secret;
the data key is itself encrypted ("wrapped") by a master key. Master keys come
from configuration, never from the database: ``CREDENTIAL_KEYS`` is a list of
``<key id>:<base64 of 32 random bytes>``, newest first. New secrets are wrapped
with the newest key; older keys stay listed until ``rotate_credential_keys`` has
re-wrapped every data key under the newest one (the secret itself is not
re-encrypted, only its data key).

Both encryptions bind associated data: the secret's own id, its account and its
field for the secret, and the key id too for the data key. A ciphertext copied to
another row, account or field therefore fails to decrypt, as does anything
altered by a single bit. Every failure is an error (``CredentialKeyMissing`` or
``CredentialUndecryptable``), never an empty or garbled secret.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
# Either alphabet: `openssl rand -base64 32` and `new_credential_key` both work.
BASE64 = re.compile(r"^[A-Za-z0-9+/_-]+={0,2}$")
NONCE_BYTES = 12


class CredentialError(Exception):
    """A credential cannot be encrypted or decrypted; the message says why (never the secret)."""


class CredentialKeyMissing(CredentialError):
    pass


class CredentialUndecryptable(CredentialError):
    pass


@dataclass(frozen=True)
class Sealed:
    """What the database stores for one secret."""

    key_id: str
    wrapped_key: bytes
    nonce: bytes
    ciphertext: bytes


def master_keys() -> dict[str, bytes]:
    """The configured master keys by id, newest first; a malformed entry is an error.

    Blank entries are skipped. Messages name an entry by its position and key id,
    never by its key.
    """
    keys: dict[str, bytes] = {}
    entries = [str(entry).strip() for entry in settings.CREDENTIAL_KEYS]
    for position, entry in enumerate(filter(None, entries), start=1):
        key_id, colon, encoded = entry.partition(":")
        if not colon or not KEY_ID.match(key_id):
            raise CredentialError(
                f"CREDENTIAL_KEYS entry {position} is not <key id>:<base64 key>; a key id is "
                "1 to 40 letters, digits, dots, dashes or underscores."
            )
        key = _decode_key(encoded)
        if len(key) != 32:
            raise CredentialError(
                f"Credential key {key_id!r} (CREDENTIAL_KEYS entry {position}) is not 32 bytes "
                "of base64."
            )
        if key_id in keys:
            raise CredentialError(f"Credential key {key_id!r} is listed twice in CREDENTIAL_KEYS.")
        keys[key_id] = key
    return keys


def _decode_key(encoded: str) -> bytes:
    """Standard or URL-safe base64, padded or not; b"" for anything else."""
    if not BASE64.match(encoded):
        return b""
    unpadded = encoded.rstrip("=")
    try:
        return base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
    except (binascii.Error, ValueError):
        return b""


def newest_key_id() -> str:
    keys = master_keys()
    if not keys:
        raise CredentialKeyMissing(
            "No credential key is configured: set CREDENTIAL_KEYS before registering credentials."
        )
    return next(iter(keys))


def new_master_key(key_id: str) -> str:
    """A fresh ``CREDENTIAL_KEYS`` entry: ``<key id>:<base64 of 32 random bytes>``."""
    if not KEY_ID.match(key_id):
        raise CredentialError(f"{key_id!r} is not a valid key id.")
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')}"


def _master_key(key_id: str) -> bytes:
    try:
        return master_keys()[key_id]
    except KeyError:
        raise CredentialKeyMissing(
            f"Credential key {key_id!r} is not configured: add it to CREDENTIAL_KEYS."
        ) from None


def _secret_context(context: str) -> bytes:
    return f"secret|{context}".encode()


def _key_context(key_id: str, context: str) -> bytes:
    return f"data-key|{key_id}|{context}".encode()


def _wrap(data_key: bytes, key_id: str, context: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_master_key(key_id)).encrypt(
        nonce, data_key, _key_context(key_id, context)
    )


def _unwrap(sealed: Sealed, context: str) -> bytes:
    wrapped = bytes(sealed.wrapped_key)
    try:
        return AESGCM(_master_key(sealed.key_id)).decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _key_context(sealed.key_id, context)
        )
    except (InvalidTag, ValueError):  # ValueError: a wrapped key too short to hold its nonce
        raise CredentialUndecryptable(
            f"The data key of this secret does not decrypt with key {sealed.key_id!r}: it was "
            "altered, belongs to another secret, or CREDENTIAL_KEYS holds a different key "
            "under that id."
        ) from None


def secret_context(*, public_id, account_id: int, field: str) -> str:
    """The associated data that ties a secret to its row, account and field."""
    return f"{public_id}|account:{account_id}|field:{field}"


def seal(plaintext: str, *, context: str) -> Sealed:
    """Encrypt ``plaintext`` under a new data key wrapped by the newest master key."""
    key_id = newest_key_id()
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(data_key).encrypt(nonce, plaintext.encode(), _secret_context(context))
    return Sealed(key_id, _wrap(data_key, key_id, context), nonce, ciphertext)


def unseal(sealed: Sealed, *, context: str) -> str:
    """Decrypt a secret; raise ``CredentialError`` rather than return anything doubtful."""
    data_key = _unwrap(sealed, context)
    try:
        plaintext = AESGCM(data_key).decrypt(
            bytes(sealed.nonce), bytes(sealed.ciphertext), _secret_context(context)
        )
    except (InvalidTag, ValueError):
        # ValueError: a nonce cut to the wrong length, which the cipher refuses outright.
        raise CredentialUndecryptable(
            "This secret does not decrypt: it was altered or copied from another account or field."
        ) from None
    return plaintext.decode()


def rewrap(sealed: Sealed, *, context: str) -> Sealed:
    """The same secret with its data key wrapped by the newest master key."""
    key_id = newest_key_id()
    if sealed.key_id == key_id:
        return sealed
    data_key = _unwrap(sealed, context)
    return Sealed(
        key_id, _wrap(data_key, key_id, context), bytes(sealed.nonce), bytes(sealed.ciphertext)
    )
