"""The list of leaver cases, with each case's progress, for those who may see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Task
from kernel.roles import RoleKey
from leavers.models import LeaverCase

from .factories import CaseItemFactory, LeaverCaseFactory

pytestmark = pytest.mark.django_db
URL = reverse("leavers:case_list")


def test_shows_progress_as_items_done_of_total(mfa_client):
    case = LeaverCaseFactory(person__full_name="Lee Leaver")
    CaseItemFactory(case=case, task__status=Task.Status.DONE)
    CaseItemFactory(case=case)
    CaseItemFactory(case=case)

    html = mfa_client(case.started_by).get(URL).content.decode()

    assert "Lee Leaver" in html
    assert "1 of 3 done" in html


def test_signed_off_cases_are_on_their_own_tab(mfa_client, role_holder):
    hr = role_holder(RoleKey.HR)
    LeaverCaseFactory(person__full_name="Olive Open")
    LeaverCaseFactory(person__full_name="Sid Signed", status=LeaverCase.Status.SIGNED_OFF)
    client = mfa_client(hr)

    open_page = client.get(URL).content.decode()
    closed_page = client.get(URL, {"show": "closed"}).content.decode()

    assert "Olive Open" in open_page and "Sid Signed" not in open_page
    assert "Sid Signed" in closed_page and "Olive Open" not in closed_page


def test_an_item_owner_sees_the_case_and_a_colleague_does_not(mfa_client, role_holder, person):
    desk = role_holder(RoleKey.IT_SERVICE_DESK)
    case = LeaverCaseFactory(person__full_name="Lee Leaver")
    CaseItemFactory(case=case)

    assert "Lee Leaver" in mfa_client(desk).get(URL).content.decode()
    assert "Lee Leaver" not in mfa_client(person).get(URL).content.decode()


def test_the_leaver_does_not_see_their_own_case(mfa_client):
    case = LeaverCaseFactory()

    response = mfa_client(case.person).get(URL)

    assert list(response.context["page"].object_list) == []


def test_the_query_count_is_fixed(mfa_client, role_holder, django_assert_max_num_queries):
    hr = role_holder(RoleKey.HR)
    for _ in range(5):
        CaseItemFactory(case=LeaverCaseFactory())
    client = mfa_client(hr)

    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_cases(mfa_client, role_holder):
    client = mfa_client(role_holder(RoleKey.HR))
    CaseItemFactory()
    client.get(URL)  # the first request of a session does some one-off work
    few = _queries(client)
    for _ in range(8):
        CaseItemFactory.create_batch(3, case=LeaverCaseFactory())

    assert _queries(client) == few
