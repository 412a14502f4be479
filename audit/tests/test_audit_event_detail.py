import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from audit.services import audit_log
from audit.tests.audit_tampering import tamper

pytestmark = pytest.mark.django_db


def url(event) -> str:
    return reverse("audit:event_detail", args=[event.pk])


def test_shows_everything_about_the_event(auditor_client, person):
    with time_machine.travel(dt.datetime(2026, 1, 15, 9, 30, 1, tzinfo=dt.UTC), tick=False):
        event = audit_log(action="role.assigned", target=person, details={"role": "auditor"})
    html = auditor_client.get(url(event)).content.decode()
    assert f"Event {event.seq}: Role assigned" in html
    assert '<code class="ms-1">role.assigned</code>' in html
    assert "15 Jan 2026, 09:30:01.000000 GMT" in html
    assert "15 Jan 2026, 09:30:01.000000 UTC" in html
    assert str(person) in html
    assert event.prev_hash in html
    assert event.hash in html
    assert "&quot;role&quot;: &quot;auditor&quot;" in html
    assert "matches its hash" in html


def test_links_to_the_neighbouring_events(auditor_client):
    first = audit_log(action="auth.signed_in")
    middle = audit_log(action="auth.signed_in")
    last = audit_log(action="auth.signed_in")
    html = auditor_client.get(url(middle)).content.decode()
    assert url(first) in html
    assert url(last) in html


def test_says_when_the_event_was_changed(auditor_client):
    event = audit_log(action="staff.changed", details={"job_title": "Analyst"})
    tamper(
        "UPDATE audit_auditevent SET details = %s WHERE id = %s",
        ['{"job_title": "Chief"}', event.pk],
    )
    html = auditor_client.get(url(event)).content.decode()
    assert "does not match its hash" in html


def test_never_shows_a_session_key(auditor_client):
    event = audit_log(action="staff.changed")
    tamper(
        "UPDATE audit_auditevent SET details = %s WHERE id = %s",
        [
            '{"session_key": "k3y-of-a-live-session", "nested": {"password": "pa55word-value"}}',
            event.pk,
        ],
    )
    html = auditor_client.get(url(event)).content.decode()
    assert "k3y-of-a-live-session" not in html
    assert "pa55word-value" not in html
    assert "[hidden]" in html


def test_answers_404_for_an_event_that_does_not_exist(auditor_client):
    assert auditor_client.get(reverse("audit:event_detail", args=[999999])).status_code == 404


def test_refuses_ordinary_staff(client, person):
    event = audit_log(action="auth.signed_in")
    client.force_login(person)
    assert client.get(url(event)).status_code == 403


def test_sends_anonymous_visitors_to_sign_in(client):
    event = audit_log(action="auth.signed_in")
    response = client.get(url(event))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
