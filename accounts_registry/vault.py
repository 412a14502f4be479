"""Storing, reading and re-wrapping the encrypted credentials of registered accounts.

The only module that turns a ``Secret`` row into text or text into a row; the
encryption itself is in ``crypto``. A new value never overwrites an old one: the
current secret of that account and field is marked replaced and a new row is
created, so earlier passwords stay readable (by the accounts authority) after a
hack. Who may store or read a secret, and the audit of it, belong to the services
that call these functions.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from . import crypto
from .models import Account, Secret


def _context(*, public_id, account_id: int, field: str) -> str:
    return crypto.secret_context(public_id=public_id, account_id=account_id, field=field)


def _sealed(secret: Secret) -> crypto.Sealed:
    # PostgreSQL returns binary columns as memoryview: the cipher wants bytes.
    return crypto.Sealed(
        key_id=secret.key_id,
        wrapped_key=bytes(secret.wrapped_key),
        nonce=bytes(secret.nonce),
        ciphertext=bytes(secret.ciphertext),
    )


@transaction.atomic
def vault_store(*, account: Account, field: str, value: str, actor) -> Secret:
    """Encrypt ``value`` as the current ``field`` of ``account``; the previous one is kept, replaced.

    Runs inside the caller's transaction (the caller has locked the account). The
    value is sealed before anything is written, so a missing key changes nothing.
    """
    if field not in Secret.Field.values:
        raise ValueError(f"{field!r} is not a credential field.")
    public_id = uuid.uuid4()
    sealed = crypto.seal(
        value, context=_context(public_id=public_id, account_id=account.pk, field=field)
    )
    now = timezone.now()
    Secret.objects.current().filter(account=account, field=field).update(replaced_at=now)
    return Secret.objects.create(
        public_id=public_id,
        account=account,
        field=field,
        key_id=sealed.key_id,
        wrapped_key=sealed.wrapped_key,
        nonce=sealed.nonce,
        ciphertext=sealed.ciphertext,
        created_at=now,
        created_by=actor,
    )


def vault_read(secret: Secret) -> str:
    """The text of ``secret``; raises ``crypto.CredentialError`` rather than return anything doubtful."""
    context = _context(public_id=secret.public_id, account_id=secret.account_id, field=secret.field)
    return crypto.unseal(_sealed(secret), context=context)


def _rewrap_one(pk: int, newest: str, configured: dict[str, bytes]) -> None:
    """Re-wrap one secret's data key under ``newest``, in a short transaction of its own."""
    with transaction.atomic():
        secret = Secret.objects.select_for_update().filter(pk=pk).first()
        # Re-checked under the lock: a concurrent run may have re-wrapped it already.
        if secret is None or secret.key_id == newest or secret.key_id not in configured:
            return
        context = _context(
            public_id=secret.public_id, account_id=secret.account_id, field=secret.field
        )
        try:
            sealed = crypto.rewrap(_sealed(secret), context=context)
        except crypto.CredentialUndecryptable:
            raise crypto.CredentialUndecryptable(
                f"The {secret.get_field_display().lower()} of account {secret.account_id} "
                f"(secret {secret.public_id}) does not decrypt with key {secret.key_id!r}: it "
                "was altered, or CREDENTIAL_KEYS holds a different key under that id. It and "
                "the secrets after it are left under their old keys."
            ) from None
        secret.key_id = sealed.key_id
        secret.wrapped_key = sealed.wrapped_key
        secret.save(update_fields=["key_id", "wrapped_key"])


def secrets_by_key() -> dict[str, int]:
    """How many secrets each key wraps: configured keys newest first (0 included), then unknown ones."""
    counts = dict.fromkeys(crypto.master_keys(), 0)
    in_table = Secret.objects.order_by("key_id").values_list("key_id").annotate(n=Count("pk"))
    for key_id, n in in_table:
        counts[key_id] = n
    return counts


def vault_rotate() -> dict[str, int]:
    """Re-wrap every secret's data key under the newest configured key; return ``secrets_by_key()``.

    Row by row, each locked in its own transaction, so the register stays in use
    while it runs and an interrupted run resumes where it stopped. Only the data
    keys change: the secrets themselves are not decrypted. Secrets under a key id
    that is no longer configured cannot be re-wrapped: they are left as they are
    and show up in the result under that key id (the caller compares it with
    ``crypto.master_keys()``). An altered secret stops the run with
    ``CredentialUndecryptable`` naming its account and field.
    """
    configured = crypto.master_keys()
    newest = crypto.newest_key_id()
    pending = list(
        Secret.objects.exclude(key_id=newest)
        .filter(key_id__in=list(configured))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        _rewrap_one(pk, newest, configured)
    return secrets_by_key()
