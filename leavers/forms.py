"""The leaver pages' forms: starting a case, ticking an item, and a mover's review."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from kernel.widgets import DateInput
from staff.forms import PersonField

from .models import CaseItem


class CaseStartForm(forms.Form):
    person = PersonField(
        label="Who is leaving",
        exclude_self=True,
        help_text="Start typing their name, or type their work email.",
    )
    last_day = forms.DateField(
        label="Last working day",
        widget=DateInput(),
        help_text="They can sign in until the end of this day, and not after it.",
    )
    reason = forms.CharField(
        label="Reason for leaving",
        required=False,
        max_length=300,
        help_text="Optional, e.g. resigned, end of contract, retirement.",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].exclude_id = actor.pk

    def clean_last_day(self):
        last_day = self.cleaned_data["last_day"]
        if last_day < timezone.localdate():
            raise forms.ValidationError("The last working day cannot be in the past.")
        return last_day


class ItemTickForm(forms.Form):
    """Marks one item of the checklist done, with a note of what was done."""

    OUTCOMES = [
        (CaseItem.Outcome.RECOVERED, "Recovered: the device is back with the IT service desk"),
        (
            CaseItem.Outcome.LOST,
            "Lost or not returned: record it lost, and put their social-media accounts at risk",
        ),
    ]

    outcome = forms.ChoiceField(
        label="What happened to the device", choices=OUTCOMES, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note of what was done",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. Kept with the item and shown in the signed record.",
    )

    def __init__(self, *args, is_device: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_device:
            del self.fields["outcome"]


class MoverReviewForm(forms.Form):
    """For each account the person can reach and each pool device they use: keep or remove.

    The fields are made from what the person holds: ``access_<pk>`` for each access
    to a register account and ``pool_<pk>`` for each place on a pool device.
    """

    KEEP = "keep"
    REMOVE = "remove"
    CHOICES = [(KEEP, "Keep"), (REMOVE, "Remove")]

    def __init__(self, *args, accesses, pool_users, **kwargs):
        super().__init__(*args, **kwargs)
        for access in accesses:
            self.fields[f"access_{access.pk}"] = self._choice(str(access.account))
        for pool_user in pool_users:
            device = pool_user.device
            self.fields[f"pool_{pool_user.pk}"] = self._choice(f"{device} ({device.pool_team})")

    def _choice(self, label: str) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=label, choices=self.CHOICES, initial=self.KEEP, widget=forms.RadioSelect
        )

    def removals(self, prefix: str) -> list[int]:
        """The ids (after ``prefix``_) chosen for removal."""
        return [
            int(name.removeprefix(f"{prefix}_"))
            for name, value in self.cleaned_data.items()
            if name.startswith(f"{prefix}_") and value == self.REMOVE
        ]
