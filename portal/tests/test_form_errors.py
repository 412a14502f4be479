"""The error summary at the top of a form links each error to the box to put it right."""

from django import forms
from django.template.loader import render_to_string


class ChoicesForm(forms.Form):
    name = forms.CharField()
    outcome = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        choices=[("mon", "Monday")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField()


def test_each_error_links_to_its_first_box_radio_and_checkbox_groups_included():
    form = ChoicesForm({})
    form.is_valid()

    html = render_to_string("includes/_form_errors.html", {"form": form})

    assert 'href="#id_name"' in html
    assert 'href="#id_outcome_0"' in html
    assert 'href="#id_days_0"' in html
    assert 'href="#id_agree"' in html
    rendered = str(form)
    for target in ("id_name", "id_outcome_0", "id_days_0", "id_agree"):
        assert f'id="{target}"' in rendered
