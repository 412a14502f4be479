"""Third-party apps connected to an account; those the communications team added stay."""

import pytest
from django.urls import reverse

from accounts_registry.models import ConnectedApp

from .factories import AccountFactory, ConnectedAppFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return AccountFactory(active=True)


def test_the_owner_is_warned_before_recording_an_app(mfa_client, account):
    response = mfa_client(account.owner).get(
        reverse("accounts_registry:app_add", args=[account.pk])
    )

    assert "Think twice before connecting an app" in response.content.decode()


def test_an_app_added_by_the_communications_team_is_marked(mfa_client, account, comms):
    response = mfa_client(comms).post(
        reverse("accounts_registry:app_add", args=[account.pk]),
        {"name": "Hootsuite", "access": "Post and read messages"},
    )

    assert response.status_code == 302
    app = ConnectedApp.objects.get()
    assert app.by_communications
    assert app.added_by == comms


def test_an_app_without_its_access_is_refused(mfa_client, account):
    response = mfa_client(account.owner).post(
        reverse("accounts_registry:app_add", args=[account.pk]), {"name": "Buffer"}
    )

    assert response.status_code == 400
    assert 'value="Buffer"' in response.content.decode()
    assert not ConnectedApp.objects.exists()


def test_the_owner_removes_an_app_they_added(mfa_client, account):
    app = ConnectedAppFactory(account=account)

    response = mfa_client(account.owner).post(
        reverse("accounts_registry:app_remove", args=[account.pk, app.pk])
    )

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.removed_by == account.owner


def test_the_owner_cannot_remove_an_app_the_communications_team_added(mfa_client, account, comms):
    app = ConnectedAppFactory(account=account, added_by=comms, by_communications=True)
    client = mfa_client(account.owner)

    response = client.post(
        reverse("accounts_registry:app_remove", args=[account.pk, app.pk]), follow=True
    )

    assert "only they remove it" in response.content.decode()
    app.refresh_from_db()
    assert app.removed_at is None
