"""A type's form: valid answers become a draft to check; mistakes are shown on the form."""

import pytest
from django.urls import reverse

from approvals.models import Request
from approvals.types import get_type

from .factories import SOFTWARE, mailbox_data


def _url(type_key="software_permission"):
    return reverse("approvals:request_new", args=[type_key])


@pytest.fixture
def client_of(mfa_client):
    return mfa_client


def test_shows_the_form_with_the_person_picker_loaded(client_of, person):
    response = client_of(person).get(_url("mailbox_access"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Whose mailbox" in html
    assert "staff/person_picker.js" in html
    assert "<h1>Access to someone&#x27;s mailbox</h1>" in html


def test_keeps_valid_answers_as_a_draft_and_asks_to_check_them(client_of, person):
    response = client_of(person).post(_url(), SOFTWARE)

    draft = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:request_check", args=[draft.pk])
    assert draft.status == Request.Status.DRAFT
    assert draft.requester == person
    assert draft.answers["software"] == "Audacity 3.6"


def test_shows_mistakes_with_what_was_typed(client_of, person):
    response = client_of(person).post(_url(), {**SOFTWARE, "reason": "Work", "device": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Explain in a sentence or two why your work needs it." in html
    assert 'value="Audacity 3.6"' in html
    assert "<title>Error: " in html
    assert not Request.objects.exists()


def test_names_people_by_their_work_email(client_of, person, manager):
    data = mailbox_data(manager.report, person, starts_on="2099-01-02", ends_on="2099-01-09")
    response = client_of(person).post(_url("mailbox_access"), data)

    assert response.status_code == 302
    assert Request.objects.get().affected == manager.report


def test_answers_not_found_for_an_unknown_type(client_of, person):
    assert client_of(person).get(_url("no_such_type")).status_code == 404


def test_gives_the_reason_and_no_form_when_the_person_cannot_ask(client_of, person, monkeypatch):
    monkeypatch.setattr(
        get_type("software_permission"),
        "why_not",
        lambda user: ("Sign it first.", "/declarations/"),
    )
    client = client_of(person)

    page = client.get(_url())
    refused = client.post(_url(), SOFTWARE)

    assert page.status_code == 200
    assert "Sign it first." in page.content.decode()
    assert 'name="software"' not in page.content.decode()
    assert refused.status_code == 403
    assert not Request.objects.exists()
