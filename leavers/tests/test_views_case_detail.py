"""A leaver case's page: its checklist, for the manager, the item owners and nobody else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Task
from kernel.roles import RoleKey

from .factories import CaseItemFactory, LeaverCaseFactory, manager_and_report

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("leavers:case_detail", args=[case.pk])


def test_the_manager_sees_every_item_with_its_owner_and_who_did_it(mfa_client, role_holder):
    desk = role_holder(RoleKey.IT_SERVICE_DESK, full_name="Dana Desk")
    case = LeaverCaseFactory()
    CaseItemFactory(case=case, task__title="Disable network and email accounts")
    CaseItemFactory(
        case=case, task__title="Recover the laptop", task__status=Task.Status.DONE,
        task__done_by=desk, task__note="Handed in at reception.",
    )  # fmt: skip

    html = mfa_client(case.started_by).get(url(case)).content.decode()

    assert "Disable network and email accounts" in html
    assert "IT service desk" in html
    assert "by Dana Desk" in html
    assert "Handed in at reception." in html
    assert "1 of 2 done" in html


def test_an_item_owner_sees_the_case_and_may_tick_their_item(mfa_client, role_holder):
    desk = role_holder(RoleKey.IT_SERVICE_DESK)
    item = CaseItemFactory()

    html = mfa_client(desk).get(url(item.case)).content.decode()

    assert reverse("leavers:item_tick", args=[item.case.pk, item.pk]) in html


def test_a_colleague_and_the_leaver_get_not_found(mfa_client, person):
    case = LeaverCaseFactory()
    CaseItemFactory(case=case)

    assert mfa_client(person).get(url(case)).status_code == 404
    assert mfa_client(case.person).get(url(case)).status_code == 404


def test_the_sign_off_button_shows_only_to_who_signs_off(mfa_client):
    head, manager, person = manager_and_report()
    case = LeaverCaseFactory(person=person, started_by=manager)
    sign_off = reverse("leavers:case_sign_off", args=[case.pk])

    assert sign_off not in mfa_client(manager).get(url(case)).content.decode()
    assert sign_off in mfa_client(head).get(url(case)).content.decode()


def test_the_sign_off_button_waits_for_every_item(mfa_client):
    head, manager, person = manager_and_report()
    case = LeaverCaseFactory(person=person, started_by=manager)
    CaseItemFactory(case=case, task__status=Task.Status.DONE)
    item = CaseItemFactory(case=case, task__title="Recover the phone")
    sign_off = reverse("leavers:case_sign_off", args=[case.pk])

    page = mfa_client(head).get(url(case)).content.decode()
    assert sign_off not in page
    assert "You can sign the case off once every item on the checklist is done." in page

    Task.objects.filter(pk=item.task_id).update(status=Task.Status.DONE)
    page = mfa_client(head).get(url(case)).content.decode()
    assert sign_off in page
    assert "once every item on the checklist is done" not in page


def test_the_number_of_queries_does_not_grow_with_the_items(mfa_client):
    case = LeaverCaseFactory()
    CaseItemFactory(case=case)
    client = mfa_client(case.started_by)
    client.get(url(case))  # the first request of a session does some one-off work

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(case)).status_code == 200
        return len(captured)

    few = queries()
    CaseItemFactory.create_batch(6, case=case, task__status=Task.Status.DONE)
    CaseItemFactory.create_batch(3, case=case)
    assert queries() == few
