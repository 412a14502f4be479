"""Check your answers: the answers, who will decide, and the button that sends the request."""

import pytest
from django.core import mail
from django.urls import reverse

from approvals import services
from approvals.models import Request
from kernel.roles import RoleKey

from .factories import SOFTWARE, day, device_abroad_data, form_answers, submit


def _url(request):
    return reverse("approvals:request_check", args=[request.pk])


def _draft(requester, type_key="software_permission", data=SOFTWARE):
    return services.request_draft_save(
        requester=requester, type_key=type_key, answers=form_answers(type_key, requester, data)
    )


def test_shows_the_answers_and_who_will_decide(west_midlands, mfa_client, requester):
    draft = _draft(requester)

    html = mfa_client(requester).get(_url(draft)).content.decode()

    assert "Check your answers before sending" in html
    assert "Laptop WM-L-0042" in html
    assert "Chief Executive</strong>: decides." in html
    assert "Policy 000 §54" not in html and "Policy 000 §24" in html
    assert reverse("approvals:request_edit", args=[draft.pk]) in html


def test_says_a_step_the_policy_does_not_set(west_midlands, mfa_client, requester):
    draft = _draft(requester, "device_abroad", device_abroad_data())

    html = mfa_client(requester).get(_url(draft)).content.decode()

    assert "Not set by the policy: review before use" in html
    assert "Information Security</strong>: is consulted" in html


def test_warns_that_a_request_inside_the_notice_period_is_late(
    west_midlands, mfa_client, requester
):
    data = device_abroad_data(departs_on=day(3), returns_on=day(5), late_reason="Short notice.")
    draft = _draft(requester, "device_abroad", data)

    html = mfa_client(requester).get(_url(draft)).content.decode()

    assert "This request is late" in html


def test_sends_the_request_and_shows_its_page(
    west_midlands, holders, mfa_client, requester, django_capture_on_commit_callbacks
):
    draft = _draft(requester)
    client = mfa_client(requester)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(draft))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:request_detail", args=[draft.pk])
    assert draft.status == Request.Status.SUBMITTED
    assert (
        f"Your request {draft.reference} has been sent."
        in client.get(response["Location"]).content.decode()
    )
    assert [m.to for m in mail.outbox] == [[holders[RoleKey.CHIEF_EXECUTIVE].email]]


def test_says_why_a_request_cannot_be_sent_and_keeps_the_draft(db, mfa_client, requester):
    draft = _draft(requester)  # no authority matrix loaded: nobody decides it
    client = mfa_client(requester)

    page = client.get(_url(draft)).content.decode()
    response = client.post(_url(draft), follow=True)

    assert "an administrator must add it to the authority matrix" in page
    assert "an administrator must add it to the authority matrix" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Request.Status.DRAFT


def test_a_sent_request_goes_to_its_page(west_midlands, holders, mfa_client, requester):
    request = submit("software_permission", requester, SOFTWARE)

    response = mfa_client(requester).get(_url(request))

    assert response["Location"] == reverse("approvals:request_detail", args=[request.pk])


@pytest.mark.parametrize("who", ["colleague", "line_manager"])
def test_nobody_else_sees_a_draft(who, west_midlands, mfa_client, requester, person):
    draft = _draft(requester)
    other = person if who == "colleague" else requester.line_manager

    assert mfa_client(other).get(_url(draft)).status_code == 404
    assert mfa_client(other).post(_url(draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Request.Status.DRAFT


def test_a_draft_can_be_deleted_after_confirming(west_midlands, mfa_client, requester):
    draft = _draft(requester)
    client = mfa_client(requester)
    url = reverse("approvals:request_withdraw", args=[draft.pk])

    confirm = client.get(url)
    response = client.post(url)

    assert "Delete this draft?" in confirm.content.decode()
    assert response["Location"] == reverse("approvals:my_requests")
    draft.refresh_from_db()
    assert draft.status == Request.Status.WITHDRAWN
