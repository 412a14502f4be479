"""Behind the TLS proxy, each client is itself: in rate limits, sessions and the audit trail."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from staff.models import UserSession
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"


def sign_in(email: str, password: str, *, forwarded_for: str):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(LOGIN, {"login": email, "password": password}), client


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/5m/ip"}


def test_one_client_failing_to_sign_in_does_not_lock_out_the_others(behind_one_proxy, password):
    attacker_target = UserFactory()
    colleague = UserFactory()
    for _ in range(6):
        sign_in(attacker_target.email, "wrong", forwarded_for="203.0.113.66")
    response, _ = sign_in(colleague.email, password, forwarded_for="198.51.100.7")
    assert response.status_code == 302


def test_the_session_and_the_audit_trail_record_the_client_not_the_proxy(behind_one_proxy, password):
    person = UserFactory()
    response, _ = sign_in(person.email, password, forwarded_for="198.51.100.7")
    assert response.status_code == 302
    assert UserSession.objects.get(user=person).ip_address == "198.51.100.7"
    assert AuditEvent.objects.get(action="auth.signed_in").ip_address == "198.51.100.7"


def test_without_a_trusted_proxy_a_forged_header_changes_nothing(settings, password):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    person = UserFactory()
    response, _ = sign_in(person.email, password, forwarded_for="192.0.2.1")
    assert response.status_code == 302
    assert UserSession.objects.get(user=person).ip_address == PROXY
    assert AuditEvent.objects.get(action="auth.signed_in").ip_address == PROXY
