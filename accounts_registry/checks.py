"""System checks for the master keys that encrypt account credentials (``crypto``)."""

from django.core.checks import Error, Tags, register

from . import crypto


@register(Tags.security)
def credential_keys_readable(app_configs, **kwargs) -> list[Error]:
    """A malformed ``CREDENTIAL_KEYS`` is refused at start, not at the first reveal."""
    try:
        crypto.master_keys()
    except crypto.CredentialError as error:
        return [
            Error(
                str(error),
                hint="Each entry is <key id>:<base64 of 32 random bytes>, newest first; "
                "`manage.py new_credential_key <key id>` prints one.",
                id="accounts_registry.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def credential_keys_configured(app_configs, **kwargs) -> list[Error]:
    """In production there must be a key before anyone registers credentials."""
    try:
        keys = crypto.master_keys()
    except crypto.CredentialError:
        return []  # credential_keys_readable reports it
    if keys:
        return []
    return [
        Error(
            "CREDENTIAL_KEYS is empty: credentials of social-media accounts cannot be stored.",
            hint="Set CREDENTIAL_KEYS to the output of `manage.py new_credential_key <key id>`, "
            "and keep a copy of it with the organisation's other secrets.",
            id="accounts_registry.E002",
        )
    ]
