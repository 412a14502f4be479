"""The signed record of a decision reads as the written permission the policies ask for."""

import os

from approvals import services
from approvals.models import Delegation
from kernel.roles import RoleKey
from records.pdfs import make_record_pdf, render_record_html
from staff.tests.factories import enable_totp

from .factories import TODAY, device_abroad_data, mailbox_data, open_step, submit


def _text(html: str) -> str:
    return " ".join(html.split())


def test_an_approval_names_the_clause_the_steps_and_the_dates(west_midlands, holders, requester):
    request = submit("device_abroad", requester, device_abroad_data())
    security = holders[RoleKey.INFORMATION_SECURITY]
    services.step_advise(step=open_step(request), actor=security, advice="Use the loan phone.")
    services.step_approve(
        step=open_step(request), actor=holders[RoleKey.CHIEF_EXECUTIVE], note="Take care."
    )
    request.refresh_from_db()

    html = _text(render_record_html(request.record))

    assert f"{requester.full_name} made the request <strong>Device abroad: France, Belgium" in html
    assert "It was <strong>approved</strong> on 1 June 2026" in html
    assert "Policy 000 §54" in html
    assert "Use the loan phone." in html
    assert "Not set by the policy: review before use" in html
    assert "Take care." in html
    assert "From 15 June 2026 until 19 June 2026, the last day included" in html
    if os.environ.get("DECISION_PDF_OUT"):
        with open(os.environ["DECISION_PDF_OUT"], "wb") as handle:
            handle.write(make_record_pdf(request.record))


def test_a_delegate_is_recorded_deciding_on_someones_behalf(
    west_midlands, holders, requester, person
):
    chief = holders[RoleKey.CHIEF_EXECUTIVE]
    enable_totp(person)  # a delegate for a role's step needs a second factor too
    Delegation.objects.create(person=chief, delegate=person, starts_on=TODAY, ends_on=TODAY)
    holder = requester.line_manager
    request = submit("mailbox_access", requester, mailbox_data(holder, requester))
    services.step_refuse(step=open_step(request), actor=person, reason="Ask the holder first.")
    request.refresh_from_db()

    html = _text(render_record_html(request.record))

    assert "It was <strong>refused</strong> on 1 June 2026" in html
    assert f"{person.full_name} on behalf of {chief.full_name}" in html
    assert "Ask the holder first." in html


def test_an_out_of_office_message_is_authorised_by_the_requester(west_midlands, requester):
    request = submit(
        "mailbox_access",
        requester,
        mailbox_data(requester.line_manager, None, access="out_of_office", ends_on=""),
    )
    request.refresh_from_db()

    html = _text(render_record_html(request.record))

    assert "authorised by the requester themselves, as the policy allows" in html
    assert "Nobody else took part" in html
