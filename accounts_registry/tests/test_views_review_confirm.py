"""The owner's annual review of an account."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts_registry.models import Review

from .conftest import TODAY
from .factories import AccountFactory

pytestmark = pytest.mark.django_db

ALL_YES = {
    "still_needed": "yes",
    "content_current": "yes",
    "access_right": "yes",
    "apps_right": "yes",
}


@pytest.fixture
def account():
    return AccountFactory(active=True, review_due_on=TODAY - dt.timedelta(days=3))


def url(account):
    return reverse("accounts_registry:review_confirm", args=[account.pk])


def test_the_owner_is_asked_on_the_account_page_then_confirms(mfa_client, account):
    client = mfa_client(account.owner)

    page = client.get(account.get_absolute_url()).content.decode()
    response = client.post(url(account), {**ALL_YES, "note": "Old posts removed."})

    assert "Annual review overdue since" in page
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.review_due_on == dt.date(2027, 6, 1)
    assert Review.objects.get().note == "Old posts removed."


def test_an_account_no_longer_needed_is_offered_for_closing(mfa_client, account):
    response = mfa_client(account.owner).post(url(account), {**ALL_YES, "still_needed": "no"})

    assert response["Location"] == reverse("accounts_registry:account_close", args=[account.pk])


def test_every_question_needs_an_answer(mfa_client, account):
    response = mfa_client(account.owner).post(url(account), {"still_needed": "yes"})

    assert response.status_code == 400
    assert response.content.decode().count("Answer yes or no.") >= 3
    assert not Review.objects.exists()


def test_only_the_owner_confirms_the_review(mfa_client, account, comms):
    response = mfa_client(comms).post(url(account), ALL_YES)

    assert response.status_code == 302
    assert not Review.objects.exists()
