import time

import pytest

from staff.models import Role


@pytest.fixture
def signed_in(client):
    """Factory: the test client signed in as ``user`` after MFA, just now (so recently)."""

    def sign_in(user, *, recently=True):
        client.force_login(user)
        session = client.session
        at = time.time() if recently else 0
        session["account_authentication_methods"] = [
            {"method": "password", "at": at, "email": user.email},
            {"method": "mfa", "at": at, "type": "totp"},
        ]
        session.save()
        return client

    return sign_in


@pytest.fixture
def auditor(role_holder):
    return role_holder(Role.AUDITOR, full_name="Avery Auditor")


@pytest.fixture
def chief_executive(role_holder):
    return role_holder(Role.CHIEF_EXECUTIVE, full_name="Casey Chief")
