"""Which device a request is about: one of the requester's devices, or another.

The person picks from the devices the register says they hold now (issued to them,
or a pool device they are named on), or says "another device" and describes it: a
device not yet on the register, or their own phone that carried the organisation's
accounts (003 §5.5). The answer ``device`` is always the device in words, for titles
and records; ``held_device`` keeps which registered device it was.
"""

from __future__ import annotations

from django import forms

from devices.models import Device
from devices.selectors import devices_held_by

from . import RequestForm

ANOTHER = "another"


def device_label(device: Device) -> str:
    """A device as the requester recognises it, e.g. "Mobile phone OPCC-0012 (iPhone 15)"."""
    label = f"{device.get_kind_display()} {device.asset_tag}"
    if device.model:
        label += f" ({device.model})"
    if device.pool_team_id:
        label += f", pool device of {device.pool_team.name}"
    return label


class HeldDeviceForm(RequestForm):
    """A request form whose first question is which device."""

    held_device = forms.ChoiceField(label="Which device", widget=forms.RadioSelect)
    device = forms.CharField(
        label="Another device",
        max_length=200,
        required=False,
        help_text="Its make and model, and its asset tag if it has one.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        held = list(devices_held_by(self.requester)) if self.requester is not None else []
        self.held_devices = {str(device.pk): device for device in held}
        if not held:
            # Nothing to choose from: the person describes the device.
            del self.fields["held_device"]
            self.fields["device"].label = "Which device"
            self.fields["device"].required = True
            return
        self.fields["held_device"].choices = [
            *((pk, device_label(device)) for pk, device in self.held_devices.items()),
            (ANOTHER, "Another device (describe it below)"),
        ]
        self.fields["device"].label = "If another device, which"

    def clean(self):
        data = super().clean()
        choice = data.get("held_device")
        if choice in self.held_devices:
            data["device"] = device_label(self.held_devices[choice])
        elif choice == ANOTHER and not (data.get("device") or "").strip():
            self.add_error("device", "Say which device, or choose one of yours above.")
        return data


def held_device_of(request) -> Device | None:
    """The registered device a request names, if the requester still holds it."""
    pk = request.answers.get("held_device")
    if not pk or pk == ANOTHER or not str(pk).isdigit():
        return None
    return devices_held_by(request.requester).filter(pk=int(pk)).first()
