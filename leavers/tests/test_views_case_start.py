"""Starting a leaver case: by the line manager, HR or an administrator."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kernel.roles import RoleKey
from leavers.models import LeaverCase
from staff.tests.factories import UserFactory

from .factories import LeaverCaseFactory, manager_and_report

pytestmark = pytest.mark.django_db
URL = reverse("leavers:case_start")


def start(client, person, days_ahead=14, reason="Resigned"):
    last_day = timezone.localdate() + dt.timedelta(days=days_ahead)
    return client.post(
        URL, {"person": person.email, "last_day": last_day.isoformat(), "reason": reason}
    )


def test_the_line_manager_starts_a_case_and_sees_its_checklist(mfa_client):
    _, manager, person = manager_and_report()

    response = start(mfa_client(manager), person)

    case = LeaverCase.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == reverse("leavers:case_detail", args=[case.pk])
    assert case.started_by == manager
    assert case.reason == "Resigned"


def test_the_page_names_the_person_chosen_from_my_team(mfa_client):
    _, manager, person = manager_and_report()

    response = mfa_client(manager).get(URL, {"person": person.pk})

    assert response.context["form"].initial["person"] == person.email


def test_hr_starts_a_case_for_anyone(mfa_client, role_holder):
    hr = role_holder(RoleKey.HR)
    person = UserFactory()

    assert start(mfa_client(hr), person).status_code == 302
    assert LeaverCase.objects.filter(person=person).exists()


def test_a_manager_cannot_start_a_case_for_someone_outside_their_team(mfa_client):
    _, manager, _ = manager_and_report()
    stranger = UserFactory()

    response = start(mfa_client(manager), stranger)

    assert response.status_code == 400
    assert not LeaverCase.objects.exists()


def test_a_last_day_in_the_past_is_refused_and_what_was_typed_is_kept(mfa_client):
    _, manager, person = manager_and_report()

    response = start(mfa_client(manager), person, days_ahead=-1, reason="End of contract")

    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be in the past" in html
    assert "End of contract" in html
    assert not LeaverCase.objects.exists()


def test_a_second_open_case_is_refused_with_a_reason(mfa_client):
    case = LeaverCaseFactory()

    response = start(mfa_client(case.person.line_manager), case.person)

    assert response.status_code == 400
    assert LeaverCase.objects.filter(person=case.person).count() == 1


def test_is_refused_to_someone_with_no_reports_and_no_role(mfa_client, person):
    assert mfa_client(person).get(URL).status_code == 403
