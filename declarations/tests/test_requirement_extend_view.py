"""An administrator gives one person more time for a declaration, with a reason."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from declarations.models import Requirement
from declarations.tests.factories import RequirementFactory
from kernel.roles import RoleKey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_day")]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def fixed_day():
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def requirement():
    return RequirementFactory(due_date=TODAY - dt.timedelta(days=10))


def url(requirement):
    return reverse("declarations:requirement_extend", args=[requirement.pk])


def test_an_administrator_gives_more_time_with_a_reason(requirement, role_holder, mfa_client):
    client = mfa_client(role_holder(RoleKey.ADMINISTRATOR))
    response = client.post(url(requirement), {"until": "2026-12-15", "reason": "Long-term sick leave"})
    assert response.status_code == 302
    assert response["Location"] == reverse("declarations:compliance")
    requirement.refresh_from_db()
    assert requirement.extended_to == dt.date(2026, 12, 15)
    assert requirement.extension_reason == "Long-term sick leave"
    assert requirement.due_date == TODAY - dt.timedelta(days=10)
    event = AuditEvent.objects.get(action="declaration.extended")
    assert event.details["reason"] == "Long-term sick leave"


def test_a_missing_reason_and_a_past_date_are_refused_keeping_what_was_typed(
    requirement, role_holder, mfa_client
):
    client = mfa_client(role_holder(RoleKey.ADMINISTRATOR))
    response = client.post(url(requirement), {"until": "2026-11-01", "reason": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'value="2026-11-01"' in content
    requirement.refresh_from_db()
    assert requirement.extended_to is None


def test_a_date_that_has_passed_is_refused(requirement, role_holder, mfa_client):
    client = mfa_client(role_holder(RoleKey.ADMINISTRATOR))
    response = client.post(url(requirement), {"until": "2026-11-20", "reason": "Holiday"})
    assert "Choose a date that has not passed" in response.content.decode()
    assert Requirement.objects.get(pk=requirement.pk).extended_to is None


def test_an_administrator_cannot_give_themselves_more_time(role_holder, mfa_client):
    admin = role_holder(RoleKey.ADMINISTRATOR)
    own = RequirementFactory(user=admin, due_date=TODAY)
    response = mfa_client(admin).post(url(own), {"until": "2026-12-15", "reason": "Busy"})
    assert "You cannot give yourself more time" in response.content.decode()
    assert Requirement.objects.get(pk=own.pk).extended_to is None


@pytest.mark.parametrize("role", [RoleKey.AUDITOR, RoleKey.CHIEF_EXECUTIVE])
def test_other_roles_may_not_give_more_time(requirement, role, role_holder, mfa_client):
    response = mfa_client(role_holder(role)).get(url(requirement))
    assert response.status_code == 403


def test_the_person_themselves_may_not(requirement, mfa_client):
    response = mfa_client(requirement.user).post(url(requirement), {"until": "2026-12-15", "reason": "x"})
    assert response.status_code == 403
    assert Requirement.objects.get(pk=requirement.pk).extended_to is None


def test_a_signed_declaration_cannot_be_extended(requirement, role_holder, mfa_client):
    Requirement.objects.filter(pk=requirement.pk).update(status=Requirement.Status.SIGNED)
    response = mfa_client(role_holder(RoleKey.ADMINISTRATOR)).get(url(requirement))
    assert response.status_code == 404


def test_the_compliance_page_offers_it_to_administrators_only(requirement, role_holder, mfa_client):
    link = url(requirement)
    admin_page = mfa_client(role_holder(RoleKey.ADMINISTRATOR)).get(reverse("declarations:compliance"))
    assert link in admin_page.content.decode()
    auditor_page = mfa_client(role_holder(RoleKey.AUDITOR)).get(reverse("declarations:compliance"))
    assert link not in auditor_page.content.decode()
