"""The sign-in page offers what the organisation has switched on, and no sign-up."""

import re

import pytest
from django.urls import reverse

from staff.tests.test_oidc_adapter import SINGLE_SIGN_ON

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")


@pytest.fixture
def single_sign_on(settings):
    settings.SOCIALACCOUNT_PROVIDERS = SINGLE_SIGN_ON


def test_has_no_sign_up_and_no_single_sign_on_unless_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    page = client.get(LOGIN).content.decode()

    assert "Sign in" in page
    assert "Forgotten your password?" in page
    assert "Sign in with a passkey" in page
    assert "sign up" not in page.lower().replace("no sign-up", "")
    assert "single sign-on" not in page.lower()


def test_offers_single_sign_on_when_configured(client, single_sign_on):
    page = client.get(LOGIN).content.decode()

    assert "Sign in with OPCC single sign-on" in page
    assert 'href="/accounts/oidc/organisation/login/?process=login"' in page


def test_single_sign_on_asks_before_leaving_the_portal(client, single_sign_on):
    response = client.get("/accounts/oidc/organisation/login/?process=login")

    assert response.status_code == 200
    assert b"You will be taken to OPCC single sign-on" in response.content


def test_the_passkey_scripts_carry_the_page_nonce(client):
    response = client.get(LOGIN)

    nonce = response.wsgi_request.csp_nonce
    scripts = re.findall(r"<script src=[^>]*>", response.content.decode())
    assert any("mfa/js/webauthn.js" in tag for tag in scripts)
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
