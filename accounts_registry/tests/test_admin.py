"""The register in Django admin: readable, never changeable, and never a credential."""

import base64

import pytest
from django.urls import reverse

from accounts_registry import services
from accounts_registry.models import Secret

from .factories import CREDENTIALS, AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    account = AccountFactory(handle="@OPCC_Admin_Test")
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)
    return account


def pages(client, account) -> str:
    secret = account.secrets.first()
    urls = [
        reverse("admin:accounts_registry_account_changelist"),
        reverse("admin:accounts_registry_account_change", args=[account.pk]),
        reverse("admin:accounts_registry_secret_changelist"),
        reverse("admin:accounts_registry_secret_change", args=[secret.pk]),
    ]
    responses = [client.get(url) for url in urls]
    assert [response.status_code for response in responses] == [200] * len(urls)
    return "".join(response.content.decode() for response in responses)


def test_accounts_and_secrets_show_without_any_credential(superuser_client, account):
    html = pages(superuser_client, account)

    assert "@OPCC_Admin_Test" in html
    for value in CREDENTIALS.values():
        assert value not in html
    for secret in Secret.objects.all():
        for column in ("wrapped_key", "nonce", "ciphertext"):
            raw = bytes(getattr(secret, column))
            assert base64.b64encode(raw).decode() not in html
            assert raw.hex() not in html


def test_nothing_can_be_added_changed_or_deleted(superuser_client, account):
    secret = account.secrets.first()

    assert superuser_client.get(reverse("admin:accounts_registry_account_add")).status_code == 403
    change = reverse("admin:accounts_registry_account_change", args=[account.pk])
    assert superuser_client.post(change, {"status": "closed"}).status_code == 403
    delete = reverse("admin:accounts_registry_secret_delete", args=[secret.pk])
    assert superuser_client.get(delete).status_code == 403
