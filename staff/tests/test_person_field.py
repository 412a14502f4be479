"""PersonField: a current member of staff, chosen by work email, on any form."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from staff.forms import PersonField
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class HandOverForm(forms.Form):
    given_to = PersonField(label="Who takes it over", exclude_self=True)
    deputy = PersonField(label="Deputy", required=False)


@pytest.fixture
def colleague(db):
    return UserFactory(full_name="Zebedee Quartermaine", email="zebedee.q@opcc.example.org")


def form_for(user, **data):
    form = HandOverForm({"given_to": "", "deputy": "", **data})
    form.fields["given_to"].exclude_id = user.pk
    return form


def test_cleans_to_the_current_person_with_that_work_email(person, colleague):
    form = form_for(person, given_to="  Zebedee.Q@OPCC.example.org ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"given_to": colleague, "deputy": None}


def test_an_empty_optional_field_cleans_to_none_and_a_required_one_is_refused(person):
    form = form_for(person)
    assert not form.is_valid()
    assert form.errors["given_to"] == ["This field is required."]
    assert form.cleaned_data["deputy"] is None


def test_refuses_an_unknown_email_naming_who_may_have_been_meant(person, colleague):
    form = form_for(person, given_to="zebedee")
    assert not form.is_valid()
    assert form.errors["given_to"] == [
        "“zebedee” is not a work email address. Type the email of the person you mean: "
        "Zebedee Quartermaine (zebedee.q@opcc.example.org)."
    ]
    form = form_for(person, given_to="nobody@opcc.example.org")
    assert not form.is_valid()
    assert "No one on the staff list has the work email" in form.errors["given_to"][0]


@pytest.mark.parametrize("fields", [{"is_active": False}, {"leaving_date": dt.date(2021, 3, 31)}])
def test_refuses_someone_who_no_longer_works_here(person, fields):
    gone = UserFactory(full_name="Gwen Gone", **fields)
    form = form_for(person, given_to=gone.email)
    assert not form.is_valid()
    assert "Gwen Gone" in form.errors["given_to"][0]
    assert "no longer works here" in form.errors["given_to"][0]


def test_refuses_the_person_filling_in_the_form(person, colleague):
    form = form_for(person, given_to=person.email)
    assert not form.is_valid()
    assert form.errors["given_to"] == ["You cannot choose yourself here."]
    form = form_for(person, given_to=colleague.email, deputy=colleague.email)
    form.fields["deputy"].exclude_id = colleague.pk
    assert not form.is_valid()
    assert form.errors["deputy"] == ["Zebedee Quartermaine cannot be chosen here."]


def test_a_field_that_excludes_the_user_must_be_told_who_they_are(colleague):
    form = HandOverForm({"given_to": colleague.email, "deputy": ""})
    with pytest.raises(ImproperlyConfigured):
        form.is_valid()


def test_its_box_asks_the_picker_for_suggestions_leaving_out_the_excluded(person):
    form = form_for(person)
    html = str(form["given_to"])
    picker = reverse("staff:person_picker_hx")
    assert f'hx-get="{picker}?field=given_to&amp;exclude={person.pk}"' in html
    assert f'hx-get="{picker}?field=deputy"' in str(form["deputy"])
    # Each form has its own fields: another form's picker leaves no one out.
    assert "exclude" not in str(HandOverForm()["given_to"])


def test_shows_a_chosen_person_by_their_work_email(colleague):
    form = HandOverForm(initial={"deputy": colleague})
    assert 'value="zebedee.q@opcc.example.org"' in str(form["deputy"])
