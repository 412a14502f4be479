"""Taking a device abroad: the form, the notice period, the route per preset, the dates."""

import datetime as dt

import pytest
import time_machine

from approvals import services
from approvals.models import Request, Step, Task
from approvals.types import get_type
from devices.tests.factories import DeviceFactory
from kernel.roles import RoleKey

from .factories import (
    approve_all,
    day,
    device_abroad_data,
    form_answers,
    form_errors,
    route,
    submit,
)

pytestmark = pytest.mark.django_db

LATE = (
    "You leave in fewer than 7 days, the notice Information Security needs: say why the "
    "request comes late."
)


def test_a_complete_form_is_accepted(west_midlands, requester):
    answers = form_answers("device_abroad", requester, device_abroad_data())
    assert answers["departs_on"] == "2026-06-15"
    assert answers["returns_on"] == "2026-06-19"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"departs_on": day(-1), "returns_on": day(2)},
            "departs_on",
            "The departure date has passed.",
        ),
        ({"returns_on": day(13)}, "returns_on", "The return date must be on or after departure."),
        ({"countries": ""}, "countries", "This field is required."),
        ({"departs_on": day(3), "returns_on": day(5)}, "late_reason", LATE),
    ],
)
def test_the_form_says_what_is_wrong(west_midlands, requester, changes, field, message):
    errors = form_errors("device_abroad", requester, device_abroad_data(**changes))
    assert errors[field] == [message]


def test_leaving_within_the_notice_period_is_accepted_with_a_reason(west_midlands, requester):
    data = device_abroad_data(departs_on=day(6), returns_on=day(8), late_reason="Sudden summit.")
    assert form_answers("device_abroad", requester, data)["late_reason"] == "Sudden summit."


def test_without_a_notice_period_no_reason_is_asked_for(essex, requester):
    data = device_abroad_data(departs_on=day(1), returns_on=day(2))
    assert form_answers("device_abroad", requester, data)["late_reason"] == ""


def test_a_late_request_is_flagged(west_midlands, holders, requester):
    data = device_abroad_data(departs_on=day(3), returns_on=day(5), late_reason="Sudden summit.")
    assert submit("device_abroad", requester, data).late is True
    assert submit("device_abroad", requester, device_abroad_data()).late is False


def test_the_title_names_the_countries_and_the_day(west_midlands, holders, requester):
    request = submit("device_abroad", requester, device_abroad_data())
    assert request.summary == "Device abroad: France, Belgium from 15 June 2026"


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        (
            "west-midlands-opcc",
            [
                ("consult", RoleKey.INFORMATION_SECURITY, "000 §54", False),
                ("decide", RoleKey.CHIEF_EXECUTIVE, "", True),
            ],
        ),
        (
            "essex-pfcc",
            [
                ("decide", RoleKey.CHIEF_EXECUTIVE, "001 §3.5", False),
                ("notify", RoleKey.INFORMATION_SECURITY, "001 §3.5", False),
            ],
        ),
        ("durham", [("decide", RoleKey.SIRO, "004 §Devices and systems", False)]),
    ],
)
def test_the_route_comes_from_the_preset(load_preset, holders, requester, preset, expected):
    load_preset(preset)
    request = submit("device_abroad", requester, device_abroad_data())
    assert route(request) == expected
    first = request.steps.order_by("order").first()
    assert first.status == Step.Status.OPEN


def test_the_permission_holds_for_the_dates_of_the_trip_and_then_expires(
    west_midlands, holders, requester
):
    request = approve_all(
        submit("device_abroad", requester, device_abroad_data()), list(holders.values())
    )
    assert request.status == Request.Status.APPROVED
    assert (request.starts_on, request.ends_on) == (dt.date(2026, 6, 15), dt.date(2026, 6, 19))
    assert request.record.evidence["valid"] == {"from": "2026-06-15", "until": "2026-06-19"}
    with time_machine.travel(dt.datetime(2026, 6, 20, 7, tzinfo=dt.UTC), tick=False):
        assert services.requests_expire(today=dt.date(2026, 6, 20)) == 1
        assert services.requests_expire(today=dt.date(2026, 6, 20)) == 0
    request.refresh_from_db()
    assert request.status == Request.Status.EXPIRED
    assert not Task.objects.exists()


def test_the_traveller_picks_one_of_their_devices(west_midlands, requester):
    laptop = DeviceFactory(asset_tag="WM-L-0042", kind="laptop", issued=True, holder=requester)
    data = device_abroad_data(held_device=str(laptop.pk), device="")

    answers = form_answers("device_abroad", requester, data)

    assert answers["device"] == "Laptop WM-L-0042 (iPhone 15)"
    request = submit("device_abroad", requester, data)
    assert request.answers["held_device"] == str(laptop.pk)
    lines = get_type("device_abroad").describe(request.answers)
    assert lines[0].label == "Which device"
    assert lines[0].value == "Laptop WM-L-0042 (iPhone 15)"


def test_a_device_someone_else_holds_cannot_be_chosen(west_midlands, requester):
    DeviceFactory(issued=True, holder=requester)
    not_theirs = DeviceFactory(issued=True)

    data = device_abroad_data(held_device=str(not_theirs.pk))

    errors = form_errors("device_abroad", requester, data)

    assert "held_device" in errors
