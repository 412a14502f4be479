import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kernel.roles import RoleKey
from staff.models import StaffType
from staff.tests.factories import TeamFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db

URL = reverse("staff:list")


def names(response):
    return [person.full_name for person in response.context["page"].object_list]


def test_lists_staff_for_an_administrator(mfa_client, admin_user, manager):
    response = mfa_client(admin_user).get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alex Admin", "Morgan Manager", "Riley Report"]
    assert b"Morgan Manager" in response.content  # Riley's line manager is shown
    assert b"Add a person" in response.content
    assert b"Administrator" in response.content  # Alex's role badge


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive"])
def test_lets_readers_see_the_list_without_changing_anything(request, mfa_client, fixture):
    reader = request.getfixturevalue(fixture)
    response = mfa_client(reader).get(URL)
    assert response.status_code == 200
    assert b"Add a person" not in response.content
    assert b"Import from a CSV file" not in response.content


def test_refuses_ordinary_staff(mfa_client, person):
    assert mfa_client(person).get(URL).status_code == 403


def test_refuses_a_line_manager(mfa_client, manager):
    assert mfa_client(manager).get(URL).status_code == 403


def test_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_sends_an_administrator_without_mfa_to_set_it_up(mfa_client, role_holder):
    admin = role_holder(RoleKey.ADMINISTRATOR, mfa=False)
    response = mfa_client(admin).get(URL)
    assert response.status_code == 302
    assert response.url == reverse("mfa_required")


def test_searches_name_email_and_job_title(mfa_client, admin_user):
    UserFactory(full_name="Jo Finch", job_title="Finance Officer")
    UserFactory(full_name="Sam Lee", email="sam.lee@opcc.example.org", job_title="Analyst")
    client = mfa_client(admin_user)
    assert names(client.get(URL, {"q": "finch"})) == ["Jo Finch"]
    assert names(client.get(URL, {"q": "sam.lee@"})) == ["Sam Lee"]
    assert names(client.get(URL, {"q": "finance officer"})) == ["Jo Finch"]


def test_filters_by_team_staff_type_and_role(mfa_client, admin_user):
    finance = TeamFactory(name="Finance")
    finch = UserFactory(full_name="Jo Finch", team=finance)
    UserFactory(full_name="Val Volunteer", staff_type=StaffType.VOLUNTEER)
    give_role(finch, RoleKey.COMMUNICATIONS)
    client = mfa_client(admin_user)
    assert names(client.get(URL, {"team": finance.pk})) == ["Jo Finch"]
    assert names(client.get(URL, {"staff_type": "volunteer"})) == ["Val Volunteer"]
    assert names(client.get(URL, {"role": "communications"})) == ["Jo Finch"]


def test_filters_by_status(mfa_client, admin_user):
    UserFactory(full_name="Ina Inactive", is_active=False)
    UserFactory(full_name="Lee Left", leaving_date=dt.date(2021, 1, 1))
    client = mfa_client(admin_user)
    assert names(client.get(URL)) == ["Alex Admin"]
    assert names(client.get(URL, {"status": "inactive"})) == ["Ina Inactive"]
    assert names(client.get(URL, {"status": "left"})) == ["Lee Left"]
    assert names(client.get(URL, {"status": "all"})) == ["Alex Admin", "Ina Inactive", "Lee Left"]


def test_ignores_a_filter_value_it_does_not_know(mfa_client, admin_user):
    response = mfa_client(admin_user).get(URL, {"team": "999999", "staff_type": "alien"})
    assert response.status_code == 200
    assert names(response) == ["Alex Admin"]


def test_paginates_and_keeps_the_filters_in_page_links(mfa_client, admin_user):
    UserFactory.create_batch(30, job_title="Caseworker")
    response = mfa_client(admin_user).get(URL, {"q": "caseworker"})
    assert len(response.context["page"].object_list) == 25
    assert b"q=caseworker&amp;page=2" in response.content
    second = mfa_client(admin_user).get(URL, {"q": "caseworker", "page": 2})
    assert len(second.context["page"].object_list) == 5


def _queries_for_list(client):
    client.get(URL)  # the first request after signing in also saves the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"status": "all"}).status_code == 200
    return len(queries)


def test_runs_the_same_number_of_queries_for_5_and_40_staff(mfa_client, admin_user):
    def add_people(count):
        boss = UserFactory()
        for _ in range(count):
            someone = UserFactory(line_manager=boss, team=TeamFactory())
            give_role(someone, RoleKey.IT_SERVICE_DESK)

    client = mfa_client(admin_user)
    add_people(5)
    few = _queries_for_list(client)
    add_people(35)
    many = _queries_for_list(client)
    assert few == many
