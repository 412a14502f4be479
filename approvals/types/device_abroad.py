"""Taking a device abroad.

A portable device goes overseas only with written permission for the dates of the
trip. Information Security is consulted first, and needs notice: a request made
inside the organisation's notice period is flagged late and must say why. The
permission holds only from departure to return; two days before departure the
traveller is sent the organisation's security advice.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from approvals.models import Request
from kernel.widgets import DateInput
from notifications.services import notify
from staff.selectors import organisation_settings

from . import RequestType, answer_date, request_type
from .held_devices import HeldDeviceForm

ADVICE_DAYS_BEFORE = 2


class DeviceAbroadForm(HeldDeviceForm):
    countries = forms.CharField(
        label="Countries you will visit", max_length=300, help_text="Including any stopovers."
    )
    departs_on = forms.DateField(label="Leaving on", widget=DateInput())
    returns_on = forms.DateField(label="Back on", widget=DateInput())
    purpose = forms.CharField(
        label="Why the device must go with you",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    late_reason = forms.CharField(
        label="Why the request is late",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="Needed when you leave sooner than the notice the policy asks for.",
    )

    def clean(self):
        data = super().clean()
        departs_on, returns_on = data.get("departs_on"), data.get("returns_on")
        today = timezone.localdate()
        if departs_on and departs_on < today:
            self.add_error("departs_on", "The departure date has passed.")
        if departs_on and returns_on and returns_on < departs_on:
            self.add_error("returns_on", "The return date must be on or after departure.")
        notice = organisation_settings().device_abroad_notice_days
        late = departs_on and notice and (departs_on - today).days < notice
        if late and not (data.get("late_reason") or "").strip():
            self.add_error(
                "late_reason",
                f"You leave in fewer than {notice} days, the notice Information Security "
                "needs: say why the request comes late.",
            )
        return data


@request_type
class DeviceAbroad(RequestType):
    key = "device_abroad"
    name = "Taking a device abroad"
    short_name = "Device abroad"
    summary = "Taking a work phone, laptop or other issued device out of the country."
    form_class = DeviceAbroadForm
    decision_key = "device.abroad"
    order = 20

    def title_of(self, answers, people) -> str:
        departs_on = answer_date(answers, "departs_on")
        when = f" from {departs_on:%-d %B %Y}" if departs_on else ""
        return f"Device abroad: {answers.get('countries', '')}{when}"

    def validity(self, answers):
        return answer_date(answers, "departs_on"), answer_date(answers, "returns_on")

    def is_late(self, answers, *, today, organisation) -> bool:
        departs_on = answer_date(answers, "departs_on")
        notice = organisation.device_abroad_notice_days
        return bool(departs_on and notice and (departs_on - today).days < notice)

    def daily(self, today: dt.date) -> int:
        """Send the security advice to travellers leaving in two days (once each: the
        notification's key); returns how many travellers are in that window."""
        advice = organisation_settings().security_advice
        leaving = Request.objects.filter(
            type_key=self.key,
            status=Request.Status.APPROVED,
            starts_on__gt=today,
            starts_on__lte=today + dt.timedelta(days=ADVICE_DAYS_BEFORE),
        ).select_related("requester")
        travellers = 0
        for request in leaving:
            notify(
                recipient=request.requester,
                kind="request_travel_advice",
                key=f"request:{request.pk}:travel-advice",
                context={"request": request, "advice": advice},
                link=request.get_absolute_url(),
            )
            travellers += 1
        return travellers
