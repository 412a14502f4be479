"""Django admin shows the audit trail and changes nothing."""

import pytest
from django.urls import reverse

from audit.services import audit_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return audit_log(
        action="staff.changed", actor_label="someone@opcc.example.org", details={"n": 1}
    )


def test_lists_events(superuser_client, event):
    response = superuser_client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    assert b"someone@opcc.example.org" in response.content
    assert b"Add audit event" not in response.content


def test_filters_and_searches(superuser_client, event):
    url = reverse("admin:audit_auditevent_changelist")
    assert superuser_client.get(url, {"action": "staff.changed"}).status_code == 200
    assert superuser_client.get(url, {"q": "someone"}).status_code == 200
    assert superuser_client.get(url, {"q": "not a number"}).status_code == 200


def test_shows_an_event_read_only(superuser_client, event):
    response = superuser_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert response.status_code == 200
    assert event.hash.encode() in response.content
    assert b'name="_save"' not in response.content


def test_refuses_to_add_change_or_delete(superuser_client, event):
    assert superuser_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    superuser_client.post(change, {"action": "nothing.happened"})
    event.refresh_from_db()
    assert event.action == "staff.changed"
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
