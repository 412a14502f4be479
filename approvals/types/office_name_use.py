"""Posting for the office, or using its name, crest or photographs.

Nobody speaks for the organisation on social media, or puts its name, crest,
logo or photographs on anything, even on their own private accounts, without
permission first. The decision maker may ask for training first, or set
conditions. The request says what is wanted, where it will appear, the words or
a description of the material, and the day it is needed.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from kernel.widgets import DateInput

from . import RequestForm, RequestType, answer_date, request_type

USES = {
    "post": "A post on behalf of the office",
    "name": "Using the office's name",
    "crest": "Using its crest or logo",
    "photographs": "Using its photographs or images",
}


class OfficeNameUseForm(RequestForm):
    uses = forms.MultipleChoiceField(
        label="What you want to do",
        choices=list(USES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing you want to do."},
    )
    where = forms.CharField(
        label="Where it will appear",
        max_length=300,
        help_text="The account, page, website or printed material, e.g. “my LinkedIn "
        "profile” or “the community newsletter”.",
    )
    content = forms.CharField(
        label="The words, or a description of what will be shown",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="Paste the text of a post; for a crest or photograph, say how it will be "
        "used. You can attach a draft after sending the request.",
    )
    needed_on = forms.DateField(
        label="Needed by", widget=DateInput(), help_text="When it is due to appear."
    )

    def clean_needed_on(self):
        needed_on = self.cleaned_data["needed_on"]
        if needed_on < timezone.localdate():
            raise forms.ValidationError("The date it is needed by cannot be in the past.")
        return needed_on


@request_type
class OfficeNameUse(RequestType):
    key = "office_name_use"
    name = "Posting for the office, or using its name, crest or photographs"
    short_name = "Using the office's name"
    summary = (
        "Speaking for the office on social media, or using its name, crest, logo or "
        "photographs anywhere, your own accounts included."
    )
    form_class = OfficeNameUseForm
    decision_key = "office.name_use"
    order = 40

    def title_of(self, answers, people) -> str:
        uses = [USES[use].lower() for use in answers.get("uses", []) if use in USES]
        what = ", ".join(uses) or "Use of the office's name"
        needed_on = answer_date(answers, "needed_on")
        by = f", needed by {needed_on:%-d %B %Y}" if needed_on else ""
        return f"{what[0].upper()}{what[1:]}: {answers.get('where', '')}{by}"
