"""Deciding a step: approve, refuse, ask, advise, acknowledge; a recent second factor;
delegates; steps dealt with already."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from approvals.models import Delegation, Request, Step
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory, enable_totp, give_role

from .factories import (
    SOFTWARE,
    TODAY,
    day,
    device_abroad_data,
    lost_device_data,
    mailbox_data,
    open_step,
    submit,
)


def _url(step):
    return reverse("approvals:step_decide", args=[step.request_id, step.pk])


def _detail(step):
    return reverse("approvals:request_detail", args=[step.request_id])


@pytest.fixture
def software(west_midlands, holders, requester):
    return submit("software_permission", requester, SOFTWARE)


@pytest.fixture
def ceo(holders):
    return holders[RoleKey.CHIEF_EXECUTIVE]


def test_shows_the_request_and_the_decision_buttons(software, mfa_client, ceo):
    html = mfa_client(ceo).get(_url(open_step(software))).content.decode()

    assert "Decide: Software: Audacity 3.6 on Laptop WM-L-0042" in html
    assert "Editing the podcast recordings" in html
    for button in ('value="approve"', 'value="refuse"', 'value="ask"'):
        assert button in html
    assert "Confirm it's you" not in html


def test_approves_with_a_note(software, mfa_client, ceo):
    step = open_step(software)

    response = mfa_client(ceo).post(
        _url(step), {"decision": "approve", "text": "Fine."}, follow=True
    )

    software.refresh_from_db()
    step.refresh_from_db()
    assert software.status == Request.Status.APPROVED
    assert (step.decided_by, step.note) == (ceo, "Fine.")
    assert response.redirect_chain[-1][0] == _detail(step)
    assert "You approved the request." in response.content.decode()


def test_refuses_only_with_a_reason_keeping_the_page(software, mfa_client, ceo):
    step = open_step(software)
    client = mfa_client(ceo)

    without = client.post(_url(step), {"decision": "refuse", "text": "  "})
    with_reason = client.post(
        _url(step), {"decision": "refuse", "text": "Use the approved editor."}
    )

    assert without.status_code == 400
    assert "Give the reason for refusing: the requester is told it." in without.content.decode()
    assert with_reason["Location"] == _detail(step)
    software.refresh_from_db()
    assert software.status == Request.Status.REFUSED


def test_asks_the_requester_for_more_information(software, mfa_client, ceo):
    step = open_step(software)
    client = mfa_client(ceo)

    empty = client.post(_url(step), {"decision": "ask", "text": ""})
    asked = client.post(_url(step), {"decision": "ask", "text": "Which version exactly?"})
    again = client.get(_url(step), follow=True)

    assert empty.status_code == 400
    assert asked.status_code == 302
    software.refresh_from_db()
    assert software.status == Request.Status.MORE_INFORMATION
    assert software.information_requested == "Which version exactly?"
    assert "comes back to you when they answer" in again.content.decode()


def test_an_unknown_button_changes_nothing(software, mfa_client, ceo):
    step = open_step(software)

    response = mfa_client(ceo).post(_url(step), {"decision": "advise", "text": "Hmm"})

    assert response.status_code == 400
    software.refresh_from_db()
    assert software.status == Request.Status.SUBMITTED


def test_a_step_dealt_with_already_says_so(software, mfa_client, ceo, holders):
    step = open_step(software)
    mfa_client(ceo).post(_url(step), {"decision": "approve", "text": ""})

    response = mfa_client(ceo).post(_url(step), {"decision": "refuse", "text": "No"}, follow=True)

    assert "This step has been dealt with already" in response.content.decode()
    software.refresh_from_db()
    assert software.status == Request.Status.APPROVED


@pytest.mark.parametrize("who", ["requester", "colleague", "another role holder", "auditor"])
def test_nobody_else_decides(who, software, mfa_client, requester, person, holders, auditor):
    other = {
        "requester": requester,
        "colleague": person,
        "auditor": auditor,
        "another role holder": holders[RoleKey.MONITORING_OFFICER],
    }[who]
    step = open_step(software)

    assert mfa_client(other).get(_url(step)).status_code == 404
    assert mfa_client(other).post(_url(step), {"decision": "approve"}).status_code == 404
    software.refresh_from_db()
    assert software.status == Request.Status.SUBMITTED


def test_a_step_of_another_request_is_not_found(software, west_midlands, mfa_client, ceo, person):
    other = submit("software_permission", person, SOFTWARE)
    url = reverse("approvals:step_decide", args=[software.pk, open_step(other).pk])

    assert mfa_client(ceo).get(url).status_code == 404


def test_the_person_a_request_is_about_cannot_decide_it(
    west_midlands, mfa_client, requester, role_holder
):
    holder = role_holder(RoleKey.CHIEF_EXECUTIVE)
    other_ceo = role_holder(RoleKey.CHIEF_EXECUTIVE)
    request = submit("mailbox_access", requester, mailbox_data(holder, other_ceo))
    step = open_step(request)

    assert mfa_client(holder).get(_url(step)).status_code == 404


def test_a_stale_second_factor_asks_to_confirm_it_before_deciding(software, mfa_client, ceo):
    step = open_step(software)
    client = mfa_client(ceo, recently=False)

    page = client.get(_url(step)).content.decode()
    response = client.post(_url(step), {"decision": "approve", "text": "Fine."})

    assert "Confirm it's you" in page
    assert f"{reverse('mfa_reauthenticate')}?next=" in page
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate") + "?next=")
    software.refresh_from_db()
    assert software.status == Request.Status.SUBMITTED


def test_a_password_alone_does_not_confirm_a_second_factor_holder(software, client, ceo):
    client.force_login(ceo)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session.save()

    response = client.post(_url(open_step(software)), {"decision": "approve"})

    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_the_decision_goes_through_once_the_code_is_entered(west_midlands, mfa_client, requester):
    ceo = UserFactory(full_name="Casey Chief")
    give_role(ceo, RoleKey.CHIEF_EXECUTIVE)
    secret = enable_totp(ceo)
    request = submit("software_permission", requester, SOFTWARE)
    step = open_step(request)
    client = mfa_client(ceo, recently=False)

    sent = client.post(_url(step), {"decision": "refuse", "text": "Use the approved editor."})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    confirmed = client.post(sent["Location"], {"code": code})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == _detail(step)
    step.refresh_from_db()
    assert (step.status, step.note) == (Step.Status.REFUSED, "Use the approved editor.")


def test_a_line_manager_without_a_second_factor_confirms_with_their_password(
    west_midlands, mfa_client, requester, person
):
    data = {
        "recipient": person.email,
        "sent_on": day(0),
        "subject": "Budget",
        "reason": "Sent to the wrong Pat by mistake.",
    }
    request = submit("email_delete", requester, data)
    step = open_step(request)
    client = mfa_client(requester.line_manager, recently=False)

    response = client.post(_url(step), {"decision": "approve"})

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert (
        mfa_client(requester.line_manager).post(_url(step), {"decision": "approve"}).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == Request.Status.APPROVED


def test_a_delegate_decides_on_behalf_of_the_decision_maker(software, mfa_client, ceo, role_holder):
    delegate = role_holder(RoleKey.MONITORING_OFFICER, full_name="Dana Delegate")
    Delegation.objects.create(person=ceo, delegate=delegate, starts_on=TODAY, ends_on=TODAY)
    step = open_step(software)
    client = mfa_client(delegate)

    page = client.get(_url(step)).content.decode()
    client.post(_url(step), {"decision": "approve"})

    assert f"You are deciding on behalf of {ceo.full_name}" in page
    step.refresh_from_db()
    assert (step.decided_by, step.on_behalf_of) == (delegate, ceo)


def test_a_consulted_role_records_advice_and_cannot_refuse(
    west_midlands, holders, mfa_client, requester
):
    request = submit("device_abroad", requester, device_abroad_data())
    step = open_step(request)
    client = mfa_client(holders[RoleKey.INFORMATION_SECURITY])

    page = client.get(_url(step)).content.decode()
    refused = client.post(_url(step), {"decision": "refuse", "text": "No"})
    empty = client.post(_url(step), {"decision": "advise", "text": ""})
    advised = client.post(_url(step), {"decision": "advise", "text": "Take the loan phone."})

    assert 'value="advise"' in page and 'value="refuse"' not in page
    assert refused.status_code == 400 and empty.status_code == 400
    assert advised.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.note) == (Step.Status.ADVISED, "Take the loan phone.")


def test_someone_told_of_a_report_acknowledges_it(west_midlands, holders, mfa_client, requester):
    request = submit("report_lost_device", requester, lost_device_data())
    step = request.steps.open().get(role__key=RoleKey.IT_SERVICE_DESK)

    response = mfa_client(holders[RoleKey.IT_SERVICE_DESK]).post(
        _url(step), {"decision": "acknowledge", "text": "Device wiped."}
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.note) == (Step.Status.ACKNOWLEDGED, "Device wiped.")
