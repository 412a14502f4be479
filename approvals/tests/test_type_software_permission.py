"""Software or download permission: the form, the route per preset, the install task."""

import datetime as dt

import pytest

from approvals.models import Request, Task
from approvals.types import get_type
from kernel.roles import RoleKey

from .factories import approve_all, form_answers, form_errors, route, submit

pytestmark = pytest.mark.django_db


def data(**changes):
    values = {
        "software": "Audacity 3.6",
        "source": "https://www.audacityteam.org",
        "reason": "Editing the youth panel's podcast recordings.",
        "device": "Laptop WM-L-0042",
    }
    return {**values, **changes}


def test_a_complete_form_is_accepted(requester):
    assert form_answers("software_permission", requester, data())["software"] == "Audacity 3.6"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": "need it"}, "reason", "Explain in a sentence or two why your work needs it."),
        ({"software": ""}, "software", "This field is required."),
        ({"source": ""}, "source", "This field is required."),
        ({"device": ""}, "device", "This field is required."),
    ],
)
def test_the_form_says_what_is_wrong(requester, changes, field, message):
    assert form_errors("software_permission", requester, data(**changes))[field] == [message]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("west-midlands-opcc", [("decide", RoleKey.CHIEF_EXECUTIVE, "000 §24", False)]),
        ("essex-pfcc", [("decide", RoleKey.IT_SERVICE_DESK, "001 §3.2", False)]),
        ("durham", [("decide", RoleKey.IT_SERVICE_DESK, "", True)]),
    ],
)
def test_the_route_comes_from_the_preset(load_preset, holders, requester, preset, expected):
    load_preset(preset)
    request = submit("software_permission", requester, data())
    assert route(request) == expected
    assert request.summary == "Software: Audacity 3.6 on Laptop WM-L-0042"


def test_approval_asks_the_service_desk_to_install_it_once(west_midlands, holders, requester):
    request = approve_all(submit("software_permission", requester, data()), list(holders.values()))
    assert request.status == Request.Status.APPROVED
    task = Task.objects.get(request=request)
    assert task.key == f"request:{request.pk}:install-software"
    assert task.owner_role.key == RoleKey.IT_SERVICE_DESK
    assert task.title == "Install Audacity 3.6 on Laptop WM-L-0042"
    assert task.due_on == dt.date(2026, 6, 8)
    get_type("software_permission").on_approved(request)
    assert Task.objects.filter(request=request).count() == 1
