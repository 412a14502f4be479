import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff.models import Role, StaffType
from staff.tests.factories import TeamFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db

URL = reverse("staff:list")


def names(response):
    return [person.full_name for person in response.context["page"].object_list]


def test_it_lists_staff_for_an_administrator(signed_in, admin_user, manager):
    response = signed_in(admin_user).get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alex Admin", "Morgan Manager", "Riley Report"]
    assert b"Morgan Manager" in response.content  # Riley's line manager is shown
    assert b"Add a person" in response.content
    assert b"Administrator" in response.content  # Alex's role badge


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive"])
def test_it_lets_readers_see_the_list_without_changing_anything(request, signed_in, fixture):
    reader = request.getfixturevalue(fixture)
    response = signed_in(reader).get(URL)
    assert response.status_code == 200
    assert b"Add a person" not in response.content
    assert b"Import from a CSV file" not in response.content


def test_it_refuses_ordinary_staff(signed_in, person):
    assert signed_in(person).get(URL).status_code == 403


def test_it_refuses_a_line_manager(signed_in, manager):
    assert signed_in(manager).get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_sends_an_administrator_without_mfa_to_set_it_up(signed_in, role_holder):
    admin = role_holder(Role.ADMINISTRATOR, mfa=False)
    response = signed_in(admin).get(URL)
    assert response.status_code == 302
    assert response.url == reverse("mfa_required")


def test_it_searches_name_email_and_job_title(signed_in, admin_user):
    UserFactory(full_name="Jo Finch", job_title="Finance Officer")
    UserFactory(full_name="Sam Lee", email="sam.lee@opcc.example.org", job_title="Analyst")
    client = signed_in(admin_user)
    assert names(client.get(URL, {"q": "finch"})) == ["Jo Finch"]
    assert names(client.get(URL, {"q": "sam.lee@"})) == ["Sam Lee"]
    assert names(client.get(URL, {"q": "finance officer"})) == ["Jo Finch"]


def test_it_filters_by_team_staff_type_and_role(signed_in, admin_user):
    finance = TeamFactory(name="Finance")
    finch = UserFactory(full_name="Jo Finch", team=finance)
    UserFactory(full_name="Val Volunteer", staff_type=StaffType.VOLUNTEER)
    give_role(finch, Role.COMMUNICATIONS)
    client = signed_in(admin_user)
    assert names(client.get(URL, {"team": finance.pk})) == ["Jo Finch"]
    assert names(client.get(URL, {"staff_type": "volunteer"})) == ["Val Volunteer"]
    assert names(client.get(URL, {"role": "communications"})) == ["Jo Finch"]


def test_it_filters_by_status(signed_in, admin_user):
    UserFactory(full_name="Ina Inactive", is_active=False)
    UserFactory(full_name="Lee Left", leaving_date=dt.date(2021, 1, 1))
    client = signed_in(admin_user)
    assert names(client.get(URL)) == ["Alex Admin"]
    assert names(client.get(URL, {"status": "inactive"})) == ["Ina Inactive"]
    assert names(client.get(URL, {"status": "left"})) == ["Lee Left"]
    assert names(client.get(URL, {"status": "all"})) == ["Alex Admin", "Ina Inactive", "Lee Left"]


def test_it_ignores_a_filter_value_it_does_not_know(signed_in, admin_user):
    response = signed_in(admin_user).get(URL, {"team": "999999", "staff_type": "alien"})
    assert response.status_code == 200
    assert names(response) == ["Alex Admin"]


def test_it_paginates_and_keeps_the_filters_in_page_links(signed_in, admin_user):
    UserFactory.create_batch(30, job_title="Caseworker")
    response = signed_in(admin_user).get(URL, {"q": "caseworker"})
    assert len(response.context["page"].object_list) == 25
    assert b"q=caseworker&amp;page=2" in response.content
    second = signed_in(admin_user).get(URL, {"q": "caseworker", "page": 2})
    assert len(second.context["page"].object_list) == 5


def _queries_for_list(client):
    client.get(URL)  # the first request after signing in also saves the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"status": "all"}).status_code == 200
    return len(queries)


def test_it_runs_the_same_number_of_queries_for_5_and_40_staff(signed_in, admin_user):
    def add_people(count):
        boss = UserFactory()
        for _ in range(count):
            someone = UserFactory(line_manager=boss, team=TeamFactory())
            give_role(someone, Role.IT_SERVICE_DESK)

    client = signed_in(admin_user)
    add_people(5)
    few = _queries_for_list(client)
    add_people(35)
    many = _queries_for_list(client)
    assert few == many
