"""The person pickers of the staff form: a work email typed in, and suggestions as it is typed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff.tests.factories import UserFactory
from staff.tests.test_staff_edit import form_data

pytestmark = pytest.mark.django_db

SEARCH = reverse("staff:person_search_hx")


def edit(client, person, **overrides):
    return client.post(reverse("staff:edit", args=[person.pk]), form_data(person, **overrides))


@pytest.fixture
def boss(db):
    return UserFactory(
        full_name="Zebedee Quartermaine",
        email="zebedee.quartermaine@opcc.example.org",
        job_title="Head of Estates",
    )


def test_sets_the_line_manager_from_their_email(mfa_client, admin_user, person, boss):
    response = edit(
        mfa_client(admin_user), person, line_manager="  Zebedee.Quartermaine@OPCC.example.org "
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.line_manager == boss


def test_sets_the_mailbox_nominee_from_their_email(mfa_client, admin_user, person, boss):
    edit(mfa_client(admin_user), person, mailbox_nominee=boss.email)
    person.refresh_from_db()
    assert person.mailbox_nominee == boss


def test_an_empty_box_removes_the_line_manager(mfa_client, admin_user, manager):
    edit(mfa_client(admin_user), manager.report, line_manager="")
    manager.report.refresh_from_db()
    assert manager.report.line_manager is None


def test_refuses_an_unknown_email_and_keeps_what_was_typed(mfa_client, admin_user, person):
    response = edit(
        mfa_client(admin_user), person, line_manager="nobody@opcc.example.org", job_title="Lead"
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert (
        "No one on the staff list has the work email “nobody@opcc.example.org”. "
        "Check the spelling, or add them to the staff list first." in response.content.decode()
    )
    assert b'value="nobody@opcc.example.org"' in response.content
    assert b'value="Lead"' in response.content
    person.refresh_from_db()
    assert (person.line_manager, person.job_title) == (None, "Policy officer")


def test_a_name_typed_without_javascript_gets_the_matching_emails(
    mfa_client, admin_user, person, boss
):
    response = edit(mfa_client(admin_user), person, line_manager="Zebedee")
    assert (
        "“Zebedee” is not a work email address. Type the email of the person you mean: "
        "Zebedee Quartermaine (zebedee.quartermaine@opcc.example.org)." in response.content.decode()
    )
    assert b'value="Zebedee"' in response.content


def test_refuses_a_deactivated_person(mfa_client, admin_user, person):
    gone = UserFactory(full_name="Gwen Gone", is_active=False)
    response = edit(mfa_client(admin_user), person, mailbox_nominee=gone.email)
    assert b"Gwen Gone (" in response.content
    assert b"no longer works here" in response.content
    person.refresh_from_db()
    assert person.mailbox_nominee is None


def test_refuses_someone_whose_leaving_date_has_passed(mfa_client, admin_user, person):
    left = UserFactory(full_name="Lee Left", leaving_date=dt.date(2021, 3, 31))
    response = edit(mfa_client(admin_user), person, line_manager=left.email)
    assert b"no longer works here" in response.content
    person.refresh_from_db()
    assert person.line_manager is None


def test_refuses_a_person_as_their_own_line_manager(mfa_client, admin_user, person):
    response = edit(mfa_client(admin_user), person, line_manager=person.email)
    assert b"A person cannot be their own line manager." in response.content
    assert f'value="{person.email}"'.encode() in response.content


def test_refuses_a_person_as_their_own_mailbox_nominee(mfa_client, admin_user, person):
    response = edit(mfa_client(admin_user), person, mailbox_nominee=person.email)
    assert b"A person cannot be their own mailbox continuity nominee." in response.content


def test_the_form_links_each_picker_to_the_search(mfa_client, admin_user, person):
    response = mfa_client(admin_user).get(reverse("staff:edit", args=[person.pk]))
    html = response.content.decode()
    assert f'hx-get="{SEARCH}?field=line_manager&amp;exclude={person.pk}"' in html
    assert f'hx-get="{SEARCH}?field=mailbox_nominee&amp;exclude={person.pk}"' in html
    assert 'id="id_line_manager_suggestions" role="listbox"' in html


def search(client, text, **params):
    return client.get(SEARCH, {"field": "line_manager", "line_manager": text, **params})


def test_the_search_finds_people_by_name_email_or_job_title(mfa_client, admin_user, boss):
    client = mfa_client(admin_user)
    for text in ("zebedee", "quartermaine@", "Estates", "head zeb"):
        response = search(client, text)
        assert response.status_code == 200
        assert response.context["people"] == [boss], text
    html = search(client, "zeb").content.decode()
    assert 'id="id_line_manager_option_0"' in html
    assert 'data-email="zebedee.quartermaine@opcc.example.org"' in html


def test_the_search_offers_only_current_staff_other_than_the_person(mfa_client, admin_user, boss):
    UserFactory(full_name="Zebedee Gone", is_active=False)
    UserFactory(full_name="Zebedee Left", leaving_date=dt.date(2021, 3, 31))
    namesake = UserFactory(full_name="Zebedee Namesake")
    response = search(mfa_client(admin_user), "zebedee", exclude=namesake.pk)
    assert response.context["people"] == [boss]


def test_the_search_returns_at_most_ten_people_by_name(mfa_client, admin_user):
    for n in range(12):
        UserFactory(full_name=f"Zebedee {chr(ord('L') - n)}")
    people = search(mfa_client(admin_user), "zebedee").context["people"]
    assert [p.full_name for p in people] == [f"Zebedee {c}" for c in "ABCDEFGHIJ"]


def test_the_search_says_when_no_one_matches(mfa_client, admin_user):
    response = search(mfa_client(admin_user), "xylophone")
    assert "No current member of staff matches “xylophone”." in response.content.decode()


def test_the_search_returns_nothing_for_an_empty_box(mfa_client, admin_user):
    response = search(mfa_client(admin_user), "  ")
    assert response.content.strip() == b""


def test_the_search_costs_the_same_queries_for_5_or_60_staff(mfa_client, admin_user):
    client = mfa_client(admin_user)

    def queries_for_a_search():
        search(client, "zebedee")  # warm up the session and role caches alike
        with CaptureQueriesContext(connection) as queries:
            response = search(client, "zebedee")
        return len(queries), len(response.context["people"])

    UserFactory.create_batch(5, full_name="Zebedee Few")
    few = queries_for_a_search()
    UserFactory.create_batch(55, full_name="Zebedee Many")
    many = queries_for_a_search()
    assert few == (few[0], 5) and many == (few[0], 10)


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive", "person", "manager"])
def test_the_search_refuses_anyone_but_an_administrator(request, mfa_client, fixture, boss):
    response = search(mfa_client(request.getfixturevalue(fixture)), "zebedee")
    assert response.status_code == 403
    assert b"Zebedee" not in response.content


def test_the_search_sends_anonymous_visitors_to_sign_in(client, boss):
    response = search(client, "zebedee")
    assert response.url.startswith(reverse("account_login"))
