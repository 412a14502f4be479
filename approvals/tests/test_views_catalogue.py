"""The "new request" catalogue: one line per kind of request, reports apart."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from approvals.types import get_type

URL = reverse("approvals:catalogue")


@pytest.fixture
def catalogue_html(mfa_client, person):
    return lambda: mfa_client(person).get(URL).content.decode()


def test_lists_each_kind_of_request_with_when_to_use_it(catalogue_html):
    html = catalogue_html()

    mailbox = get_type("mailbox_access")
    assert escape(mailbox.name) in html
    assert escape(mailbox.summary) in html
    assert reverse("approvals:request_new", args=["mailbox_access"]) in html


def test_lists_reports_under_their_own_heading(catalogue_html):
    html = catalogue_html()

    ask, report = html.split("Report something")
    assert get_type("report_lost_device").name in report
    assert get_type("report_lost_device").name not in ask
    assert get_type("device_abroad").name in ask


def test_shows_why_a_request_cannot_be_made_yet_instead_of_a_start_button(
    catalogue_html, monkeypatch
):
    software = get_type("software_permission")
    monkeypatch.setattr(
        software, "why_not", lambda user: ("Sign the security procedures first.", "/declarations/")
    )

    html = catalogue_html()

    assert "Sign the security procedures first." in html
    assert 'href="/declarations/"' in html
    assert reverse("approvals:request_new", args=["software_permission"]) not in html


def test_asks_a_visitor_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
