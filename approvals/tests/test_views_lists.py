"""My requests, awaiting my decision, and the list for decision makers and auditors:
who sees what, the filters, the CSV export, and a fixed number of queries."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals import services
from approvals.models import Delegation, Request
from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory

from .factories import SOFTWARE, TODAY, RequestFactory, StepFactory, open_step, submit

MY_REQUESTS = reverse("approvals:my_requests")
AWAITING = reverse("approvals:awaiting")
LIST = reverse("approvals:request_list")
EXPORT = reverse("approvals:request_export")


def _queries(client, url) -> int:
    client.get(url)  # the first page of a session costs a few more
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# My requests


def test_my_requests_lists_mine_with_drafts_to_continue(
    west_midlands, holders, mfa_client, requester, person
):
    sent = submit("software_permission", requester, SOFTWARE)
    draft = services.request_draft_save(
        requester=requester, type_key="software_permission", answers={}
    )
    submit("software_permission", person, {**SOFTWARE, "software": "Someone else's"})

    html = mfa_client(requester).get(MY_REQUESTS).content.decode()

    assert sent.reference in html and draft.reference in html
    assert "Awaiting decision" in html
    assert reverse("approvals:request_check", args=[draft.pk]) in html
    assert "Someone else" not in html


def test_my_requests_keeps_a_fixed_number_of_queries(db, mfa_client, requester):
    client = mfa_client(requester)
    RequestFactory.create_batch(3, requester=requester)
    few = _queries(client, MY_REQUESTS)

    RequestFactory.create_batch(27, requester=requester)

    assert _queries(client, MY_REQUESTS) == few


# Awaiting my decision


def test_awaiting_lists_the_steps_for_me_with_due_dates(
    west_midlands, holders, mfa_client, requester
):
    request = submit("software_permission", requester, SOFTWARE)

    html = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).get(AWAITING).content.decode()

    assert request.summary in html
    assert requester.full_name in html
    assert reverse("approvals:step_decide", args=[request.pk, open_step(request).pk]) in html
    assert "Decide" in html


def test_awaiting_flags_an_overdue_step(db, mfa_client, role_holder):
    ceo = role_holder(RoleKey.CHIEF_EXECUTIVE)
    StepFactory(due_on=TODAY.replace(day=1).replace(month=5))

    assert "Overdue" in mfa_client(ceo).get(AWAITING).content.decode()


def test_awaiting_is_empty_for_others(west_midlands, holders, mfa_client, requester, person):
    submit("software_permission", requester, SOFTWARE)

    for other in (person, requester, holders[RoleKey.COMMUNICATIONS]):
        assert "Nothing is waiting for you." in mfa_client(other).get(AWAITING).content.decode()


def test_awaiting_shows_a_delegates_work_and_whose_it_is(
    west_midlands, holders, mfa_client, requester, role_holder
):
    ceo = holders[RoleKey.CHIEF_EXECUTIVE]
    delegate = role_holder(RoleKey.MONITORING_OFFICER, full_name="Dana Delegate")
    Delegation.objects.create(person=ceo, delegate=delegate, starts_on=TODAY, ends_on=TODAY)
    request = submit("software_permission", requester, SOFTWARE)

    html = mfa_client(delegate).get(AWAITING).content.decode()

    assert request.summary in html
    assert f"You decide for {ceo.full_name}" in html


def test_awaiting_keeps_a_fixed_number_of_queries(db, mfa_client, role_holder):
    ceo = role_holder(RoleKey.CHIEF_EXECUTIVE)
    client = mfa_client(ceo)
    StepFactory.create_batch(3)
    few = _queries(client, AWAITING)

    StepFactory.create_batch(27)

    assert _queries(client, AWAITING) == few


# The list for decision makers and auditors


def test_the_list_is_not_for_everyone(db, mfa_client, person, role_holder):
    assert mfa_client(person).get(LIST).status_code == 403
    assert mfa_client(role_holder(RoleKey.ADMINISTRATOR)).get(LIST).status_code == 403
    assert mfa_client(person).get(EXPORT).status_code == 403


def test_an_auditor_sees_every_request_but_no_drafts(db, mfa_client, auditor):
    sent = RequestFactory(summary="Sent one")
    RequestFactory(summary="A draft", status=Request.Status.DRAFT)

    html = mfa_client(auditor).get(LIST).content.decode()

    assert sent.reference in html
    assert "A draft" not in html


def test_a_decision_maker_sees_only_the_requests_they_take_part_in(
    west_midlands, holders, mfa_client, requester, person
):
    mine = submit("software_permission", requester, SOFTWARE)
    RequestFactory(summary="Not theirs", decision_key="x")

    html = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).get(LIST).content.decode()

    assert mine.reference in html
    assert "Not theirs" not in html


def test_a_line_manager_sees_what_went_to_them(west_midlands, mfa_client, requester, person):
    data = {
        "recipient": person.email,
        "sent_on": "2026-06-01",
        "subject": "Budget",
        "reason": "Sent to the wrong Pat by mistake.",
    }
    request = submit("email_delete", requester, data)

    html = mfa_client(requester.line_manager).get(LIST).content.decode()

    assert request.reference in html


def test_filters_by_status_type_words_and_lateness(db, mfa_client, auditor):
    RequestFactory(summary="Software: Audacity", status=Request.Status.APPROVED)
    RequestFactory(summary="Software: GIMP", status=Request.Status.SUBMITTED, late=True)
    RequestFactory(summary="Device abroad: France", type_key="device_abroad")
    client = mfa_client(auditor)

    def listed(**query):
        html = client.get(LIST, query).content.decode()
        return {name for name in ("Audacity", "GIMP", "France") if name in html}

    assert listed() == {"Audacity", "GIMP", "France"}
    assert listed(status="approved") == {"Audacity"}
    assert listed(type="device_abroad") == {"France"}
    # The whole phrase: a generated person's name could contain "gimp" on its own.
    assert listed(q="software: gimp") == {"GIMP"}
    assert listed(late="on") == {"GIMP"}
    assert listed(status="nonsense") == {"Audacity", "GIMP", "France"}


def test_search_finds_the_title_the_requester_the_person_affected_and_the_reference(
    db, mfa_client, auditor, monkeypatch
):
    titled = RequestFactory(summary="Software: Inkscape")
    asked = RequestFactory(requester=UserFactory(full_name="Quentin Marlowe"))
    about = RequestFactory(affected=UserFactory(full_name="Quentin Ashby"))
    other = RequestFactory(summary="Software: Blender")
    client = mfa_client(auditor)

    def listed(query):
        html = client.get(LIST, {"q": query}).content.decode()
        return {r.reference for r in (titled, asked, about, other) if r.reference in html}

    assert listed("inkscape") == {titled.reference}
    assert listed("quentin") == {asked.reference, about.reference}
    assert listed(other.reference) == {other.reference}
    # More matches than are read as a list of ids: the same answer, from a subquery.
    monkeypatch.setattr("approvals.selectors.SEARCH_IDS_READ", 1)
    assert listed("quentin") == {asked.reference, about.reference}


def test_filters_by_an_overdue_step(db, mfa_client, auditor):
    StepFactory(request=RequestFactory(summary="Late one"), due_on=TODAY.replace(month=5))
    StepFactory(request=RequestFactory(summary="On time"), due_on=TODAY.replace(month=7))

    html = mfa_client(auditor).get(LIST, {"overdue": "on"}).content.decode()

    assert "Late one" in html and "On time" not in html


def test_the_list_keeps_a_fixed_number_of_queries(db, mfa_client, auditor):
    client = mfa_client(auditor)
    RequestFactory.create_batch(3)
    few = _queries(client, LIST)

    RequestFactory.create_batch(27)

    assert _queries(client, LIST) == few


def test_exports_the_filtered_list_audited_without_notes_or_reasons(
    db, mfa_client, auditor, person
):
    request = RequestFactory(
        summary="Software: GIMP",
        late=True,
        internal_investigation=True,
        investigation_reason="Conduct case 12.",
    )
    services.comment_add(request=request, author=person, body="Internal thoughts", internal=True)
    RequestFactory(summary="Software: Audacity", late=False)

    response = mfa_client(auditor).get(EXPORT, {"late": "on"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="requests-')
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Reference"
    assert [row[0] for row in rows[1:]] == [request.reference]
    assert "Conduct case 12." not in body and "Internal thoughts" not in body
    event = AuditEvent.objects.get(action="request.exported")
    assert event.actor == auditor
    assert event.details == {"filters": {"late": True}, "rows": 1}
