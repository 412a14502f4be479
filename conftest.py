"""Fixtures shared by every app's tests."""

import pytest

from staff.tests.factories import TEST_PASSWORD, UserFactory, enable_totp, give_role


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def person(db):
    """An ordinary member of staff with no role and no reports."""
    return UserFactory(full_name="Pat Member")


@pytest.fixture
def manager(db):
    """A line manager of one direct report (``manager.report``)."""
    boss = UserFactory(full_name="Morgan Manager")
    boss.report = UserFactory(full_name="Riley Report", line_manager=boss)
    return boss


@pytest.fixture
def role_holder(db):
    """Factory: a person holding ``role_key``, with TOTP set up unless ``mfa=False``."""

    def make(role_key: str, *, mfa: bool = True, **fields):
        user = UserFactory(**fields)
        give_role(user, role_key)
        if mfa:
            enable_totp(user)
        return user

    return make


@pytest.fixture
def admin_user(role_holder):
    return role_holder("administrator", full_name="Alex Admin")


@pytest.fixture
def mfa_client(client):
    """Factory: the Django test client signed in as ``user``, as if after MFA."""

    def sign_in(user):
        client.force_login(user)
        session = client.session
        session["account_authentication_methods"] = [
            {"method": "password", "at": 0, "email": user.email},
            {"method": "mfa", "at": 0, "type": "totp"},
        ]
        session.save()
        return client

    return sign_in
