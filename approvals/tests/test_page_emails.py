"""The requests' emails: each says what happened and what to do, in plain text and HTML,
and none carries an internal note or an investigation's reason."""

import pytest

from approvals import services
from kernel.roles import RoleKey
from notifications.services import render_message

from .factories import (
    SOFTWARE,
    TODAY,
    TaskFactory,
    device_abroad_data,
    mailbox_data,
    open_step,
    submit,
)


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """Run ``action`` and return the emails it sent, by recipient."""

    def run(action):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return {message.to[0]: message for message in mailoutbox}

    return run


def _body(message) -> str:
    return message.body + message.alternatives[0][0]


def test_the_decision_maker_is_asked_to_decide(west_midlands, holders, requester, sent):
    emails = sent(lambda: submit("software_permission", requester, SOFTWARE))

    message = emails[holders[RoleKey.CHIEF_EXECUTIVE].email]
    assert "] Request for your decision: Software: Audacity 3.6" in message.subject
    assert "needs your decision" in _body(message)
    assert "/requests/" in _body(message)


def test_the_requester_hears_the_refusal_and_its_reason(west_midlands, holders, requester, sent):
    request = submit("software_permission", requester, SOFTWARE)
    ceo = holders[RoleKey.CHIEF_EXECUTIVE]

    emails = sent(
        lambda: services.step_refuse(
            step=open_step(request), actor=ceo, reason="Use the approved editor."
        )
    )

    message = emails[requester.email]
    assert "] Refused: Software: Audacity 3.6" in message.subject
    assert "Use the approved editor." in _body(message)
    assert f"Refused by {ceo.full_name}" in message.body


def test_the_mailbox_holder_is_told_who_has_access_when_and_why(
    west_midlands, holders, requester, person, sent
):
    holder = requester.line_manager
    request = submit("mailbox_access", requester, mailbox_data(holder, person))

    emails = sent(
        lambda: services.step_approve(
            step=open_step(request), actor=holders[RoleKey.CHIEF_EXECUTIVE]
        )
    )

    message = emails[holder.email]
    body = _body(message)
    assert person.full_name in body
    assert "Cover for casework while they are on leave." in body
    assert "2 June 2026" in body and "15 June 2026" in body


def test_no_internal_note_or_investigation_reaches_anyone_by_email(
    west_midlands, holders, requester, person, sent
):
    holder = requester.line_manager
    ceo = holders[RoleKey.CHIEF_EXECUTIVE]
    request = submit("mailbox_access", requester, mailbox_data(holder, person))
    services.comment_add(request=request, author=ceo, body="Secret note", internal=True)
    services.request_mark_investigation(request=request, actor=ceo, reason="Conduct case 12.")

    emails = sent(lambda: services.step_approve(step=open_step(request), actor=ceo))

    assert holder.email not in emails
    assert all(
        "Secret note" not in _body(m) and "Conduct case 12." not in _body(m)
        for m in emails.values()
    )


def test_the_requester_is_asked_the_question(west_midlands, holders, requester, sent):
    request = submit("software_permission", requester, SOFTWARE)
    ceo = holders[RoleKey.CHIEF_EXECUTIVE]

    emails = sent(
        lambda: services.request_ask_for_information(
            step=open_step(request), actor=ceo, question="Which version?"
        )
    )

    message = emails[requester.email]
    assert "] More information needed: " in message.subject
    assert "Which version?" in _body(message) and ceo.full_name in _body(message)


def test_a_comment_reaches_the_requester(west_midlands, holders, requester, sent):
    request = submit("software_permission", requester, SOFTWARE)
    ceo = holders[RoleKey.CHIEF_EXECUTIVE]

    emails = sent(
        lambda: services.comment_add(
            request=request, author=ceo, body="Is it the free one?", internal=False
        )
    )

    assert "Is it the free one?" in _body(emails[requester.email])


def test_a_delegate_is_told_of_the_dates(db, manager, person, sent):
    emails = sent(
        lambda: services.delegation_create(
            person=manager,
            delegate=person,
            starts_on=TODAY,
            ends_on=TODAY,
            reason="Leave",
            actor=manager,
        )
    )

    message = emails[person.email]
    assert message.subject.endswith("] You decide for Morgan Manager from 1 June to 1 June")
    assert "on behalf of Morgan Manager" in _body(message)


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("request_step_due", {"late_by": 0}, "Due today"),
        ("request_step_overdue", {"late_by": 2}, "Overdue by 2 working days"),
        (
            "request_step_escalated",
            {"before": "Chief Executive"},
            "Passed to you because it is overdue",
        ),
    ],
)
def test_reminders_and_escalations_say_what_is_due(
    kind, extra, expected, west_midlands, holders, requester
):
    request = submit("software_permission", requester, SOFTWARE)
    context = {
        "recipient": requester,
        "link": "/requests/1/",
        "request": request,
        "step": open_step(request),
        **extra,
    }

    subject, text, html = render_message(kind, context)

    assert subject.startswith(expected)
    assert request.summary in text and request.summary in html


def test_the_traveller_gets_the_security_advice_as_paragraphs(west_midlands, requester):
    request = submit("device_abroad", requester, device_abroad_data())
    context = {
        "recipient": requester,
        "link": "/requests/1/",
        "request": request,
        "advice": "Keep it with you.\n\nReport a loss at once.",
    }

    subject, text, html = render_message("request_travel_advice", context)

    assert subject == "Before you travel on 15 June: security advice for your device"
    assert "<p>Keep it with you.</p>" in html and "<p>Report a loss at once.</p>" in html


def test_a_task_says_what_to_do_and_by_when(db, person):
    task = TaskFactory(
        title="Install Audacity", details="On laptop WM-L-0042", owner=person, owner_role=None
    )

    subject, text, html = render_message(
        "task_assigned", {"recipient": person, "link": "/t/", "task": task}
    )

    assert subject == "New task due 1 June: Install Audacity"
    assert "On laptop WM-L-0042" in text
