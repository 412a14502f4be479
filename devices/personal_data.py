"""The issued devices a person holds or uses, and what happened to them in their hands."""

from __future__ import annotations

from django.db.models import Q

from kernel.personal_data import Part, personal_data

from .models import Device, DeviceEvent


@personal_data(40)
def device_parts(user) -> list[Part]:
    current = Device.objects.filter(
        Q(holder=user) | Q(pool_users__person=user, pool_users__removed_at__isnull=True)
    ).distinct()
    held = [
        {
            "device": str(device),
            "model": device.model,
            "serial number": device.serial,
            "status": device.get_status_display(),
            "issued": device.issued_on,
            "yours or shared": "yours" if device.holder_id == user.pk else "shared with a team",
        }
        for device in current.order_by("kind", "asset_tag")
    ]
    events = (
        DeviceEvent.objects.filter(person=user).select_related("device").order_by("occurred_at")
    )
    history = [
        {
            "when": event.occurred_at,
            "device": str(event.device),
            "what happened": event.get_action_display(),
            "note": event.note,
        }
        for event in events
    ]
    return [
        Part(
            "devices",
            "Devices you have",
            "Issued to you, or shared devices you are named on.",
            held,
        ),
        Part(
            "device-history",
            "Your device history",
            "Each time a device was issued to you, returned or reported.",
            history,
        ),
    ]
