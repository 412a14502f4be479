"""A person's devices, drawn into pages of the apps below (the staff page) that cannot
import this app."""

from __future__ import annotations

from django import template

from devices.authorizers import may_see_register
from devices.selectors import devices_held_by

register = template.Library()


@register.inclusion_tag("devices/_person_devices.html", takes_context=True)
def person_devices(context, person) -> dict:
    """The devices ``person`` holds now, for whoever may see the device register."""
    viewer = context["request"].user
    if not may_see_register(viewer):
        return {"shown": False}
    devices = devices_held_by(person).select_related("holder")
    return {"shown": True, "person": person, "devices": list(devices)}
