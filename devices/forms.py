"""The forms of the device register: filters, a device's details, issuing, taking
back and writing off, pool users, and the CSV import."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q

from kernel.csvimport import CsvUploadForm
from kernel.widgets import QuickSelect
from staff.forms import PersonField
from staff.models import Team

from .models import Device, DeviceKind

NOTE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class DeviceFilters:
    query: str = ""
    kind: str = ""
    status: str = ""
    person: str = ""
    team: Team | None = None
    to_complete: bool = False


class DeviceFilterForm(forms.Form):
    """The filters of the register (a GET form)."""

    q = forms.CharField(label="Asset tag, serial or model", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind of device", required=False, choices=[("", "Any kind"), *DeviceKind.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Device.Status.choices]
    )
    person = forms.CharField(
        label="Issued to", required=False, max_length=254, help_text="Part of a name or an email."
    )
    team = forms.ModelChoiceField(
        label="Team",
        required=False,
        queryset=Team.objects.all(),
        empty_label="Any team",
        widget=QuickSelect,
    )
    to_complete = forms.BooleanField(label="Only devices with details to complete", required=False)

    def filters(self) -> DeviceFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DeviceFilters(
            query=(data.get("q") or "").strip(),
            kind=data.get("kind", ""),
            status=data.get("status", ""),
            person=(data.get("person") or "").strip(),
            team=data.get("team"),
            to_complete=bool(data.get("to_complete")),
        )

    def described(self) -> dict:
        """The filters used, for the audit trail of an export."""
        data = self.cleaned_data if self.is_valid() else {}
        return {name: str(value) for name, value in data.items() if value}


def filter_devices(devices, filters: DeviceFilters):
    """The devices of the register that match the filters."""
    if filters.kind:
        devices = devices.filter(kind=filters.kind)
    if filters.status:
        devices = devices.filter(status=filters.status)
    if filters.query:
        devices = devices.filter(
            Q(asset_tag__icontains=filters.query)
            | Q(serial__icontains=filters.query)
            | Q(model__icontains=filters.query)
        )
    if filters.person:
        devices = devices.filter(
            Q(holder__full_name__icontains=filters.person)
            | Q(holder__email__icontains=filters.person)
        )
    if filters.team is not None:
        devices = devices.filter(Q(pool_team=filters.team) | Q(holder__team=filters.team))
    if filters.to_complete:
        devices = devices.filter(to_complete=True)
    return devices


class DeviceForm(forms.Form):
    """A device's details, when it is added to the register or corrected."""

    kind = forms.ChoiceField(label="Kind of device", choices=DeviceKind.choices)
    asset_tag = forms.CharField(
        label="Asset tag", max_length=60, help_text="The organisation's label on the device."
    )
    serial = forms.CharField(label="Serial number or IMEI", max_length=100, required=False)
    model = forms.CharField(
        label="Make and model", max_length=150, required=False, help_text="For example iPhone 15."
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_asset_tag(self):
        return " ".join(self.cleaned_data["asset_tag"].split())


class DeviceEditForm(DeviceForm):
    to_complete = forms.BooleanField(
        label="Details still to complete",
        required=False,
        help_text="Untick once the asset tag, serial and model are checked.",
    )


class IssueForm(forms.Form):
    person = PersonField(
        label="Issue to",
        help_text="Start typing a name, or a work email.",
        error_messages={"required": "Say who the device is issued to."},
    )


class PoolForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team whose pool it joins",
        queryset=Team.objects.all(),
        help_text="People of the team are then named on it one by one.",
    )


class PoolUserForm(forms.Form):
    person = PersonField(
        label="Name a user",
        help_text="Start typing a name, or a work email.",
        error_messages={"required": "Say who may use the pool device."},
    )


class NoteForm(forms.Form):
    """Taking a device back, writing it off as lost, or disposing of it: a note."""

    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LostForm(NoteForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = True
        self.fields["note"].label = "What happened"
        self.fields["note"].help_text = "Where and when it went missing, and any crime reference."


class DeviceImportForm(CsvUploadForm):
    file_label = "CSV file of devices"
