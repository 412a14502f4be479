import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("staff:reactivate", args=[person.pk])


def test_reactivates_and_audits(mfa_client, admin_user):
    person = UserFactory(is_active=False)
    response = mfa_client(admin_user).post(url(person), follow=True)
    assert User.objects.get(pk=person.pk).is_active
    assert b"can sign in again" in response.content
    assert AuditEvent.objects.filter(action="staff.reactivated", target_id=str(person.pk)).exists()


def test_warns_that_someone_past_their_leaving_date_still_cannot_sign_in(mfa_client, admin_user):
    person = UserFactory(is_active=False, leaving_date=dt.date(2021, 3, 31))
    response = mfa_client(admin_user).post(url(person), follow=True)
    assert b"still cannot sign in" in response.content


def test_accepts_only_post(mfa_client, admin_user):
    person = UserFactory(is_active=False)
    assert mfa_client(admin_user).get(url(person)).status_code == 405


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive", "person"])
def test_refuses_anyone_but_an_administrator(request, mfa_client, fixture):
    person = UserFactory(is_active=False)
    assert mfa_client(request.getfixturevalue(fixture)).post(url(person)).status_code == 403
    assert not User.objects.get(pk=person.pk).is_active


def test_sends_anonymous_visitors_to_sign_in(client):
    person = UserFactory(is_active=False)
    assert client.post(url(person)).url.startswith(reverse("account_login"))
