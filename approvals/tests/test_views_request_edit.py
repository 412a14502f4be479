"""Changing a draft's answers, and answering a decision maker's question."""

from django.urls import reverse

from approvals import services
from approvals.models import Comment, Request
from kernel.roles import RoleKey

from .factories import SOFTWARE, form_answers, mailbox_data, open_step, submit


def _url(request):
    return reverse("approvals:request_edit", args=[request.pk])


def _asked(requester, ceo, type_key="software_permission", data=SOFTWARE):
    request = submit(type_key, requester, data)
    services.request_ask_for_information(
        step=open_step(request), actor=ceo, question="Is there a free alternative already approved?"
    )
    request.refresh_from_db()
    return request


def test_the_form_starts_with_the_draft_answers(db, mfa_client, requester):
    draft = services.request_draft_save(
        requester=requester,
        type_key="software_permission",
        answers=form_answers("software_permission", requester, SOFTWARE),
    )

    html = mfa_client(requester).get(_url(draft)).content.decode()

    assert 'value="Audacity 3.6"' in html
    assert "Change your answers" in html


def test_saves_changed_answers_and_goes_back_to_check_them(db, mfa_client, requester):
    draft = services.request_draft_save(
        requester=requester,
        type_key="software_permission",
        answers=form_answers("software_permission", requester, SOFTWARE),
    )

    response = mfa_client(requester).post(_url(draft), {**SOFTWARE, "software": "Audacity 3.7"})

    assert response["Location"] == reverse("approvals:request_check", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.answers["software"] == "Audacity 3.7"


def test_shows_the_question_and_asks_for_an_answer(west_midlands, holders, mfa_client, requester):
    request = _asked(requester, holders[RoleKey.CHIEF_EXECUTIVE])

    html = mfa_client(requester).get(_url(request)).content.decode()

    assert "Is there a free alternative already approved?" in html
    assert "Your answer" in html


def test_refuses_to_send_back_without_an_answer_keeping_the_changes(
    west_midlands, holders, mfa_client, requester
):
    request = _asked(requester, holders[RoleKey.CHIEF_EXECUTIVE])

    response = mfa_client(requester).post(_url(request), {**SOFTWARE, "software": "Audacity 3.7"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Answer the question before sending the request back." in html
    assert 'value="Audacity 3.7"' in html
    request.refresh_from_db()
    assert request.status == Request.Status.MORE_INFORMATION


def test_sends_the_answer_and_the_changes_back(west_midlands, holders, mfa_client, requester):
    request = _asked(requester, holders[RoleKey.CHIEF_EXECUTIVE])

    response = mfa_client(requester).post(
        _url(request),
        {**SOFTWARE, "software": "Audacity 3.7", "information-reply": "No, none does."},
    )

    assert response["Location"] == reverse("approvals:request_detail", args=[request.pk])
    request.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED
    assert request.answers["software"] == "Audacity 3.7"
    assert Comment.objects.get(request=request).body == "No, none does."


def test_answers_that_choose_the_route_cannot_change_when_answering(
    west_midlands, holders, mfa_client, requester
):
    holder = requester.line_manager
    request = _asked(
        requester,
        holders[RoleKey.CHIEF_EXECUTIVE],
        "mailbox_access",
        mailbox_data(holder, requester),
    )
    data = {
        **mailbox_data(holder, requester),
        "access": "delegate_access",
        "justification": "Needed.",
        "information-reply": "Here it is.",
    }

    client = mfa_client(requester)
    html = client.get(_url(request)).content.decode()
    client.post(_url(request), data)

    assert "disabled" in html.split('name="access"')[1].split(">")[0]
    request.refresh_from_db()
    assert request.answers["access"] == "auto_forward"
    assert request.status == Request.Status.SUBMITTED


def test_only_the_requester_changes_a_request(
    west_midlands, holders, mfa_client, requester, auditor
):
    request = _asked(requester, holders[RoleKey.CHIEF_EXECUTIVE])

    assert mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).get(_url(request)).status_code == 302
    assert (
        mfa_client(auditor).post(_url(request), {**SOFTWARE, "information-reply": "x"}).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == Request.Status.MORE_INFORMATION


def test_a_request_waiting_for_a_decision_cannot_be_changed(
    west_midlands, holders, mfa_client, requester
):
    request = submit("software_permission", requester, SOFTWARE)

    response = mfa_client(requester).post(_url(request), {**SOFTWARE, "software": "Other"})

    assert response["Location"] == reverse("approvals:request_detail", args=[request.pk])
    request.refresh_from_db()
    assert request.answers["software"] == "Audacity 3.6"


def test_an_outsider_finds_nothing(west_midlands, holders, mfa_client, requester, person):
    request = _asked(requester, holders[RoleKey.CHIEF_EXECUTIVE])

    assert mfa_client(person).get(_url(request)).status_code == 404
