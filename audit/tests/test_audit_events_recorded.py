"""The events the foundation records from the start, through the real pages and services."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.chain import audit_chain_verify
from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.models import Role
from staff.services import role_assign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts failed sign-ins in the cache, which outlives a test on Redis.
    cache.clear()
    yield
    cache.clear()


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


def test_signing_in_through_the_form_is_recorded(client, person, password):
    response = client.post(
        reverse("account_login"),
        {"login": person.email, "password": password},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302
    event = last_event("auth.signed_in")
    assert event.actor == person
    assert event.actor_label == person.email
    assert event.target_id == str(person.pk)
    assert event.details == {"methods": ["password"]}
    assert event.ip_address == "10.9.8.7"


def test_a_wrong_password_is_recorded_with_the_email(client, person):
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": "not-the-password-at-all"}
    )
    assert response.status_code == 200
    event = last_event("auth.sign_in_failed")
    assert event.actor is None
    assert event.actor_label == person.email
    assert event.details == {"email": person.email}
    assert event.target_id == str(person.pk)
    assert not AuditEvent.objects.filter(action="auth.signed_in").exists()
    assert "not-the-password-at-all" not in str(event.details)


def test_a_sign_in_as_nobody_we_know_is_recorded_without_a_target(client):
    client.post(
        reverse("account_login"), {"login": "stranger@example.com", "password": "guess-guess-guess"}
    )
    event = last_event("auth.sign_in_failed")
    assert event.actor_label == "stranger@example.com"
    assert event.target_type == ""


def test_signing_out_is_recorded(client, person, password):
    client.post(reverse("account_login"), {"login": person.email, "password": password})
    client.post(reverse("account_logout"))
    event = last_event("auth.signed_out")
    assert event.actor == person


def test_assigning_a_role_is_recorded(admin_user, person):
    role_assign(user=person, role=Role.objects.get(key=RoleKey.AUDITOR), actor=admin_user)
    event = last_event("role.assigned")
    assert event.actor == admin_user
    assert event.target_id == str(person.pk)
    assert event.details["role"] == RoleKey.AUDITOR


def test_a_refused_page_is_recorded(client, person):
    client.force_login(person)
    assert client.get(reverse("audit:event_list")).status_code == 403
    event = last_event("access.denied")
    assert event.actor == person
    assert event.details == {"path": reverse("audit:event_list"), "method": "GET"}


def test_the_recorded_events_form_an_intact_chain(client, person, password):
    client.post(reverse("account_login"), {"login": person.email, "password": "wrong-wrong-wrong"})
    client.post(reverse("account_login"), {"login": person.email, "password": password})
    client.post(reverse("account_logout"))
    assert audit_chain_verify().ok
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "auth.sign_in_failed",
        "auth.signed_in",
        "auth.signed_out",
    ]
