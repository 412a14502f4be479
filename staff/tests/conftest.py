import pytest

from staff.models import Role


@pytest.fixture
def signed_in(mfa_client):
    """The shared ``mfa_client`` under the name these tests use."""
    return mfa_client


@pytest.fixture
def auditor(role_holder):
    return role_holder(Role.AUDITOR, full_name="Avery Auditor")


@pytest.fixture
def chief_executive(role_holder):
    return role_holder(Role.CHIEF_EXECUTIVE, full_name="Casey Chief")
