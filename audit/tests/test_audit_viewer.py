import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import GENESIS_HASH, AuditEvent
from audit.services import audit_log
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory

URL = reverse("audit:event_list")

pytestmark = pytest.mark.django_db


def rows(response) -> list[str]:
    """The text of each row of the events table, tags stripped."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("<tr>")[1:]]


@pytest.mark.parametrize("role", [RoleKey.ADMINISTRATOR, RoleKey.AUDITOR, RoleKey.CHIEF_EXECUTIVE])
def test_lets_audit_readers_in(mfa_client, role_holder, role):
    response = mfa_client(role_holder(role)).get(URL)
    assert response.status_code == 200
    assert b"<h1>Audit trail</h1>" in response.content


def test_refuses_ordinary_staff(client, person):
    client.force_login(person)
    assert client.get(URL).status_code == 403


def test_refuses_a_line_manager(client, manager):
    client.force_login(manager)
    assert client.get(URL).status_code == 403


def test_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_sends_an_auditor_without_mfa_to_set_it_up(client, role_holder):
    client.force_login(role_holder(RoleKey.AUDITOR, mfa=False))
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("mfa_required")


def test_lists_newest_first_in_plain_words(auditor_client, auditor, person):
    audit_log(
        action="staff.created", actor=auditor, target=person, details={"job_title": "Analyst"}
    )
    audit_log(action="role.assigned", actor=auditor, target=person, details={"role": "auditor"})
    listed = rows(auditor_client.get(URL))
    assert "Role assigned" in listed[0]
    assert "Role: auditor" in listed[0]
    assert "Avery Auditor" in listed[0]
    assert str(person) in listed[0]
    assert "Staff member added" in listed[1]
    assert "Job title: Analyst" in listed[1]


def recorded_by_an_earlier_release(action: str) -> AuditEvent:
    """An event whose action no app registers today, chained as audit_log chains them."""
    last = AuditEvent.objects.order_by("-seq").first()
    event = AuditEvent(
        seq=last.seq + 1 if last else 1,
        prev_hash=last.hash if last else GENESIS_HASH,
        occurred_at=timezone.now(),
        action=action,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


def test_spells_out_an_action_it_has_no_words_for(auditor_client):
    recorded_by_an_earlier_release("declaration.submitted")
    assert "Declaration submitted" in rows(auditor_client.get(URL))[0]


def test_shows_uk_time_with_utc_alongside(auditor_client):
    with time_machine.travel(dt.datetime(2026, 7, 1, 13, 5, 9, tzinfo=dt.UTC), tick=False):
        audit_log(action="auth.signed_in")
    row = rows(auditor_client.get(URL))[0]
    assert "1 Jul 2026 14:05:09 BST" in row
    assert "13:05:09 UTC" in row
    assert b'datetime="2026-07-01T13:05:09+00:00"' in auditor_client.get(URL).content


def test_does_not_repeat_the_time_in_winter_when_uk_time_is_utc(auditor_client):
    with time_machine.travel(dt.datetime(2026, 1, 5, 13, 5, 9, tzinfo=dt.UTC), tick=False):
        audit_log(action="auth.signed_in")
    row = rows(auditor_client.get(URL))[0]
    assert "5 Jan 2026 13:05:09 GMT" in row
    assert "UTC" not in row


def test_shows_the_ip_address_and_who_failed_to_sign_in(auditor_client, rf):
    request = rf.post("/accounts/login/", REMOTE_ADDR="10.1.2.3")
    request.user = AnonymousUser()
    audit_log(action="auth.sign_in_failed", actor_label="someone@opcc.example.org", request=request)
    row = rows(auditor_client.get(URL))[0]
    assert "Sign-in failed" in row
    assert "someone@opcc.example.org not signed in" in row
    assert row.endswith("10.1.2.3")


def test_never_shows_passwords_or_session_keys(auditor_client):
    audit_log(
        action="staff.changed",
        details={
            "password": "hunter2-secret-value",
            "session_key": "abcdefsessionkey123",
            "note": "kept",
        },
    )
    html = auditor_client.get(URL).content.decode()
    assert "hunter2-secret-value" not in html
    assert "abcdefsessionkey123" not in html
    assert "Note: kept" in html


def test_filters_by_part_of_the_actor_email(auditor_client, auditor):
    someone = UserFactory(email="jo.bloggs@opcc.example.org")
    audit_log(action="staff.changed", actor=someone)
    audit_log(action="staff.changed", actor=auditor)
    listed = rows(auditor_client.get(URL, {"actor": "BLOGGS"}))
    assert len(listed) == 1
    assert "jo.bloggs@opcc.example.org" in listed[0]


def test_finds_an_actor_by_their_email_now_as_well_as_the_one_recorded(auditor_client, auditor):
    someone = UserFactory(email="jo.smith@opcc.example.org")
    audit_log(action="staff.changed", actor=someone)
    someone.email = "jo.bloggs@opcc.example.org"
    someone.save()
    audit_log(action="staff.changed", actor=auditor)

    for part in ("smith", "bloggs"):
        listed = rows(auditor_client.get(URL, {"actor": part}))
        assert len(listed) == 1
        assert "jo.smith@opcc.example.org" in listed[0]


def test_filters_by_action(auditor_client):
    audit_log(action="auth.signed_in")
    audit_log(action="auth.signed_out")
    listed = rows(auditor_client.get(URL, {"action": "auth.signed_out"}))
    assert len(listed) == 1
    assert "Signed out" in listed[0]


def test_offers_every_known_and_recorded_action(auditor_client):
    recorded_by_an_earlier_release("declaration.submitted")
    html = auditor_client.get(URL).content.decode()
    assert '<option value="auth.signed_in">Signed in</option>' in html
    assert '<option value="declaration.submitted">Declaration submitted</option>' in html


def test_filters_by_uk_date_range(auditor_client):
    # 23:30 UTC on 30 June is already 1 July in the UK (BST).
    for moment in [
        dt.datetime(2026, 6, 29, 12, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 7, 2, 12, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 7, 2, 23, 30, tzinfo=dt.UTC),
    ]:
        with time_machine.travel(moment, tick=False):
            audit_log(action="auth.signed_in", details={"at": moment.isoformat()})
    listed = rows(auditor_client.get(URL, {"date_from": "2026-07-01", "date_to": "2026-07-02"}))
    assert [row.split("At: ")[1] for row in listed] == [
        "2026-07-02T12:00:00+00:00 –",
        "2026-06-30T23:30:00+00:00 –",
    ]


def test_filters_by_target(auditor_client, person):
    other = UserFactory()
    audit_log(action="staff.changed", target=person)
    audit_log(action="staff.changed", target=other)
    audit_log(action="authority_matrix.changed")
    by_type = rows(auditor_client.get(URL, {"target_type": "staff.user"}))
    assert len(by_type) == 3  # and the auditor's own sign-in
    assert not any("Authority matrix changed" in row for row in by_type)
    by_target = rows(auditor_client.get(URL, {"target_type": "staff.user", "target_id": person.pk}))
    assert len(by_target) == 1
    assert str(person) in by_target[0]


def test_the_filter_form_keeps_its_values(auditor_client):
    audit_log(action="auth.signed_in")
    html = auditor_client.get(
        URL,
        {
            "actor": "bloggs",
            "action": "auth.signed_in",
            "date_from": "2026-01-02",
            "target_id": "42",
        },
    ).content.decode()
    assert 'value="bloggs"' in html
    assert '<option value="auth.signed_in" selected>Signed in</option>' in html
    assert 'value="2026-01-02"' in html
    assert 'value="42"' in html


def test_explains_a_backwards_date_range_and_keeps_the_dates(auditor_client):
    html = auditor_client.get(
        URL, {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    ).content.decode()
    assert "There is a problem" in html
    assert "The end date must be on or after the start date." in html
    assert 'value="2026-03-10"' in html
    assert 'value="2026-03-01"' in html
    assert "<tbody>" not in html


def test_explains_a_date_it_cannot_read(auditor_client):
    html = auditor_client.get(URL, {"date_from": "yesterday"}).content.decode()
    assert "Enter a valid date." in html
    assert 'value="yesterday"' in html


def test_pages_and_keeps_the_filters_in_page_links(auditor_client):
    for _ in range(55):
        audit_log(action="staff.changed")
    response = auditor_client.get(URL, {"action": "staff.changed"})
    assert len(rows(response)) == 50
    assert b"?action=staff.changed&amp;page=2" in response.content
    assert len(rows(auditor_client.get(URL, {"action": "staff.changed", "page": 2}))) == 5


def test_links_each_event_to_its_page(auditor_client):
    event = audit_log(action="auth.signed_in")
    assert (
        reverse("audit:event_detail", args=[event.pk]).encode() in auditor_client.get(URL).content
    )


def _queries_for_list(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return [query["sql"] for query in queries]


def test_its_query_count_does_not_grow_with_the_number_of_events(auditor_client, auditor):
    people = UserFactory.create_batch(5)
    auditor_client.get(URL)  # the first page view of a session also saves the session
    for n in range(10):
        audit_log(action="staff.changed", actor=people[n % 5], target=people[(n + 1) % 5])
    with_ten = _queries_for_list(auditor_client)
    for n in range(190):
        audit_log(action="staff.changed", actor=people[n % 5], target=people[(n + 1) % 5])
    assert AuditEvent.objects.count() >= 200
    assert len(_queries_for_list(auditor_client)) == len(with_ten), with_ten
