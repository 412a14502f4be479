"""Signing a leaver case off: only when every item is done, by who the rule names."""

import pytest
from django.urls import reverse

from approvals.models import Task
from leavers.models import LeaverCase

from .factories import CaseItemFactory, LeaverCaseFactory, manager_and_report

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("leavers:case_sign_off", args=[case.pk])


@pytest.fixture
def case():
    """A case the manager started, so the head of service signs it off."""
    _, manager, person = manager_and_report()
    return LeaverCaseFactory(person=person, started_by=manager)


def test_a_case_with_an_open_item_is_not_signed_off(mfa_client, case):
    CaseItemFactory(case=case, task__title="Recover the phone")
    head = case.person.line_manager.line_manager

    response = mfa_client(head).post(url(case))

    assert response.status_code == 400
    assert "Recover the phone" in response.content.decode()
    case.refresh_from_db()
    assert case.status == LeaverCase.Status.OPEN


def test_the_head_of_service_signs_off_a_case_whose_items_are_done(
    mfa_client, case, django_capture_on_commit_callbacks
):
    CaseItemFactory(case=case, task__status=Task.Status.DONE)
    head = case.person.line_manager.line_manager

    with django_capture_on_commit_callbacks():
        response = mfa_client(head).post(url(case))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == LeaverCase.Status.SIGNED_OFF
    assert case.signed_off_by == head


def test_the_manager_who_started_it_cannot_sign_it_off(mfa_client, case):
    CaseItemFactory(case=case, task__status=Task.Status.DONE)

    response = mfa_client(case.started_by).post(url(case))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == LeaverCase.Status.OPEN


def test_an_outsider_gets_not_found(mfa_client, case, person):
    assert mfa_client(person).get(url(case)).status_code == 404
