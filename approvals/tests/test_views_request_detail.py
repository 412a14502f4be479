"""The request page: who sees it, what each person sees, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals import services
from approvals.models import Attachment, Comment, Task
from kernel.roles import RoleKey

from .factories import TaskFactory, mailbox_data, open_step, submit


def _url(request):
    return reverse("approvals:request_detail", args=[request.pk])


@pytest.fixture
def mailbox(west_midlands, holders, requester, person):
    """Riley asks for the line manager's email to be forwarded to a colleague."""
    return submit("mailbox_access", requester, mailbox_data(requester.line_manager, person))


def test_the_requester_sees_the_answers_steps_and_status(mailbox, mfa_client, requester):
    html = mfa_client(requester).get(_url(mailbox)).content.decode()

    assert mailbox.reference in html
    assert "Awaiting decision" in html
    assert "Cover for casework while they are on leave." in html
    assert "Chief Executive" in html
    assert "Not set by the policy: review before use" in html
    assert "Withdraw" in html
    assert "Decide" not in html.split("<main")[1].split("Withdraw")[0]


def test_the_decision_maker_gets_a_decide_button(mailbox, mfa_client, holders):
    html = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).get(_url(mailbox)).content.decode()

    step = open_step(mailbox)
    assert reverse("approvals:step_decide", args=[mailbox.pk, step.pk]) in html
    assert "Mark as an internal investigation" in html
    assert "Withdraw" not in html


def test_the_person_it_is_about_sees_it_without_notes(mailbox, mfa_client, holders, requester):
    services.comment_add(
        request=mailbox,
        author=holders[RoleKey.CHIEF_EXECUTIVE],
        body="Checked with HR.",
        internal=True,
    )

    html = mfa_client(requester.line_manager).get(_url(mailbox)).content.decode()

    assert mailbox.reference in html
    assert "Checked with HR." not in html


def test_internal_notes_are_for_the_people_deciding_and_auditors(
    mailbox, mfa_client, holders, requester, auditor
):
    services.comment_add(
        request=mailbox,
        author=holders[RoleKey.CHIEF_EXECUTIVE],
        body="Checked with HR.",
        internal=True,
    )

    assert "Checked with HR." not in mfa_client(requester).get(_url(mailbox)).content.decode()
    assert "Checked with HR." in mfa_client(auditor).get(_url(mailbox)).content.decode()
    ceo_page = mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).get(_url(mailbox)).content.decode()
    assert "Checked with HR." in ceo_page
    assert "Internal note: only the people deciding" in ceo_page


def test_an_internal_investigation_is_hidden_from_the_person_it_is_about(
    mailbox, mfa_client, holders, requester, auditor
):
    services.request_mark_investigation(
        request=mailbox, actor=holders[RoleKey.CHIEF_EXECUTIVE], reason="Conduct case 12."
    )

    assert mfa_client(requester.line_manager).get(_url(mailbox)).status_code == 404
    requester_page = mfa_client(requester).get(_url(mailbox)).content.decode()
    auditor_page = mfa_client(auditor).get(_url(mailbox)).content.decode()
    assert "Internal investigation" in requester_page
    assert "Conduct case 12." not in requester_page
    assert "Conduct case 12." in auditor_page


def test_an_outsider_finds_nothing(mailbox, mfa_client, role_holder):
    for outsider in (role_holder(RoleKey.COMMUNICATIONS), role_holder(RoleKey.ADMINISTRATOR)):
        assert mfa_client(outsider).get(_url(mailbox)).status_code == 404


def test_shows_the_question_and_the_answer_button_to_the_requester(
    mailbox, mfa_client, holders, requester
):
    services.request_ask_for_information(
        step=open_step(mailbox),
        actor=holders[RoleKey.CHIEF_EXECUTIVE],
        question="Until when exactly?",
    )

    html = mfa_client(requester).get(_url(mailbox)).content.decode()

    assert "Until when exactly?" in html
    assert reverse("approvals:request_edit", args=[mailbox.pk]) in html


def test_links_the_signed_record_once_decided(mailbox, mfa_client, holders, requester):
    services.step_approve(step=open_step(mailbox), actor=holders[RoleKey.CHIEF_EXECUTIVE])
    mailbox.refresh_from_db()

    html = mfa_client(requester).get(_url(mailbox)).content.decode()

    assert mailbox.record.get_absolute_url() in html
    assert "Approved" in html
    assert "Set up: " in html  # the IT service desk's task


def test_a_draft_opens_its_check_page(db, mfa_client, requester):
    draft = services.request_draft_save(
        requester=requester, type_key="software_permission", answers={}
    )

    response = mfa_client(requester).get(_url(draft))

    assert response["Location"] == reverse("approvals:request_check", args=[draft.pk])


def _add_rows(request, count, author, owner_role):
    Comment.objects.bulk_create(
        Comment(request=request, author=author, body=f"Comment {n}", internal=n % 2 == 0)
        for n in range(count)
    )
    Attachment.objects.bulk_create(
        Attachment(
            request=request,
            uploaded_by=author,
            name=f"file-{n}.pdf",
            file=f"x/{n}",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )
        for n in range(count)
    )
    for _ in range(count):
        TaskFactory(request=request, owner_role=owner_role, done_by=author, status=Task.Status.DONE)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _warm(client, url) -> None:
    """The first page of a session costs a few queries more (the session, the notifications)."""
    client.get(url)


@pytest.mark.parametrize("viewer", ["requester", "decision maker", "auditor"])
def test_takes_the_same_number_of_queries_however_much_there_is(
    viewer, mailbox, mfa_client, holders, requester, auditor
):
    ceo = holders[RoleKey.CHIEF_EXECUTIVE]
    desk = open_step(mailbox).role  # any role will do as a task owner
    client = mfa_client({"requester": requester, "decision maker": ceo, "auditor": auditor}[viewer])
    _add_rows(mailbox, 3, ceo, desk)
    _warm(client, _url(mailbox))
    few = _queries(client, _url(mailbox))

    _add_rows(mailbox, 27, ceo, desk)

    assert _queries(client, _url(mailbox)) == few
    assert few <= 30
