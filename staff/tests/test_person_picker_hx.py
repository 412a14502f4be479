"""The person picker every member of staff uses: names, job titles and teams, no emails."""

import re

import pytest
from django.urls import reverse

from staff import views
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

PICKER = reverse("staff:person_picker_hx")


def pick(client, text, field="given_to", **params):
    return client.get(PICKER, {"field": field, field: text, **params})


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]*>", " ", html)


@pytest.fixture
def colleague(db):
    return UserFactory(
        full_name="Zebedee Quartermaine",
        email="zebedee.quartermaine@opcc.example.org",
        job_title="Head of Estates",
        team=TeamFactory(name="Estates"),
    )


def test_any_member_of_staff_gets_names_job_titles_and_teams(client, person, colleague):
    client.force_login(person)
    response = pick(client, "zebedee")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["people"] == [colleague]
    assert "Zebedee Quartermaine" in html
    assert "Head of Estates, Estates" in html
    assert 'id="id_given_to_option_0"' in html
    assert 'data-email="zebedee.quartermaine@opcc.example.org"' in html


def test_never_shows_an_email_address_in_the_text(client, person, colleague):
    UserFactory(full_name="Zebedee Plain", job_title="", team=None)
    client.force_login(person)
    html = pick(client, "zebedee").content.decode()
    assert "@" not in visible_text(html)


def test_offers_at_most_ten_current_staff_leaving_out_the_excluded(client, person):
    for n in range(12):
        UserFactory(full_name=f"Zebedee {chr(ord('L') - n)}")
    UserFactory(full_name="Zebedee Aardvark", is_active=False)
    client.force_login(person)
    people = pick(client, "zebedee").context["people"]
    assert [p.full_name for p in people] == [f"Zebedee {c}" for c in "ABCDEFGHIJ"]
    excluded = people[0]
    people = pick(client, "zebedee", exclude=excluded.pk).context["people"]
    assert excluded not in people
    assert len(people) == 10


def test_reads_the_text_under_a_prefixed_field_name(client, person, colleague):
    client.force_login(person)
    assert pick(client, "zeb", field="step-2-holder").context["people"] == [colleague]


def test_an_odd_field_name_reads_q(client, person, colleague):
    client.force_login(person)
    response = client.get(PICKER, {"field": "<script>", "q": "zeb"})
    assert response.context["people"] == [colleague]
    assert 'id="id_q_option_0"' in response.content.decode()


def test_answers_429_with_an_empty_list_when_over_the_rate_limit(
    client, person, colleague, monkeypatch
):
    monkeypatch.setattr(views, "PERSON_PICKER_PER_MINUTE", 3)
    client.force_login(person)
    answers = [pick(client, "zebedee") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].content.strip() == b""


def test_counts_each_person_apart(client, person, colleague, monkeypatch):
    monkeypatch.setattr(views, "PERSON_PICKER_PER_MINUTE", 1)
    client.force_login(person)
    assert pick(client, "zebedee").status_code == 200
    client.force_login(colleague)
    assert pick(client, "zebedee").status_code == 200


def test_sends_anonymous_visitors_to_sign_in(client):
    assert pick(client, "zebedee").url.startswith(reverse("account_login"))
