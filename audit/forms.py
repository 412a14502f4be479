"""The audit trail viewer's filters."""

from __future__ import annotations

import datetime as dt

from django import forms

from .actions import action_label, known_actions
from .display import target_type_label
from .selectors import recorded_values


def action_choices() -> list[tuple[str, str]]:
    """Every action the portal knows and every action already recorded, sorted by their words."""
    keys = set(known_actions()) | set(recorded_values("action"))
    return sorted(((key, action_label(key)) for key in keys), key=lambda choice: choice[1])


def target_type_choices() -> list[tuple[str, str]]:
    """Each kind of target the trail mentions."""
    recorded = [key for key in recorded_values("target_type") if key]
    return sorted(((key, target_type_label(key)) for key in recorded), key=lambda c: c[1])


class AuditFilterForm(forms.Form):
    """The viewer's filters. Every field is optional; dates are UK dates."""

    actor = forms.CharField(
        label="Person",
        required=False,
        max_length=254,
        help_text="Part of the email address of the person who acted.",
    )
    action = forms.ChoiceField(label="Action", required=False)
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    target_type = forms.ChoiceField(label="Target type", required=False)
    target_id = forms.CharField(label="Target ID", required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action")] + action_choices()
        self.fields["target_type"].choices = [("", "Any type")] + target_type_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned

    def used_filters(self) -> dict:
        """The filters in use, as plain values (what the export records)."""
        if not self.is_valid():
            return {}
        return {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }
