"""The manager's "My team": direct and indirect reports, what each holds, and a way to
start a leaver case."""

import pytest
from django.urls import reverse

from accounts_registry.tests.factories import AccessFactory, AccountFactory
from devices.models import DeviceKind
from devices.tests.factories import DeviceFactory, PoolUserFactory
from staff.tests.factories import UserFactory

from .factories import LeaverCaseFactory, manager_and_report

pytestmark = pytest.mark.django_db
URL = reverse("leavers:my_team")


def test_shows_direct_and_indirect_reports_with_what_they_hold(mfa_client):
    head, manager, person = manager_and_report(full_name="Robin Report")
    DeviceFactory(issued=True, holder=person, kind=DeviceKind.LAPTOP, asset_tag="LAP-0001")
    PoolUserFactory(person=person, device__asset_tag="POOL-0001")
    AccountFactory(active=True, owner=person, handle="@OPCC_Youth")
    AccessFactory(person=person, account__handle="@OPCC_News")

    html = mfa_client(head).get(URL).content.decode()

    assert manager.full_name in html
    assert "Robin Report" in html
    assert "Laptop LAP-0001" in html
    assert "POOL-0001" in html
    assert "@OPCC_Youth" in html and "owner" in html
    assert "@OPCC_News" in html and "can sign in" in html
    assert f"{reverse('leavers:case_start')}?person={person.pk}" in html


def test_someone_with_an_open_case_links_to_it(mfa_client):
    case = LeaverCaseFactory()

    html = mfa_client(case.person.line_manager).get(URL).content.decode()

    assert reverse("leavers:case_detail", args=[case.pk]) in html
    assert f"?person={case.person.pk}" not in html


def test_the_query_count_does_not_grow_with_the_team(mfa_client, django_assert_max_num_queries):
    _, manager, _ = manager_and_report()
    for _ in range(5):
        report = UserFactory(line_manager=manager)
        DeviceFactory(issued=True, holder=report)
        AccessFactory(person=report)
    client = mfa_client(manager)

    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200


def test_is_refused_to_someone_nobody_reports_to(mfa_client, person):
    assert mfa_client(person).get(URL).status_code == 403


def test_a_large_team_is_shown_a_page_at_a_time_nearest_first(mfa_client):
    head, manager, _ = manager_and_report()
    UserFactory.create_batch(60, line_manager=manager, full_name="Indirect Report")
    client = mfa_client(head)

    first = client.get(URL).content.decode()
    second = client.get(URL + "?page=2").content.decode()

    assert "62 people; showing 1 to 50, nearest first" in first
    assert manager.full_name in first.split("<tbody>")[1].split("</tr>")[0]
    assert "Page 2 of 2" in second
    assert second.count("Indirect Report") >= 12
