"""The requests' entries in the main navigation, each for its audience."""

import pytest

from kernel.roles import RoleKey
from portal.navigation import navigation_for

EVERYONE = ["New request", "My requests"]
DECIDERS = ["Awaiting my decision", "All requests", "Delegations"]


def _labels(user, path="/"):
    return [entry["label"] for entry in navigation_for(user, path)]


def test_every_member_of_staff_can_ask_and_follow_their_requests(person):
    labels = _labels(person)

    assert all(label in labels for label in EVERYONE)
    assert not any(label in labels for label in DECIDERS)


@pytest.mark.parametrize(
    "role", [RoleKey.CHIEF_EXECUTIVE, RoleKey.INFORMATION_SECURITY, RoleKey.IT_SERVICE_DESK]
)
def test_people_who_decide_see_what_awaits_them(role, role_holder):
    labels = _labels(role_holder(role))

    assert all(label in labels for label in EVERYONE + DECIDERS)


def test_a_line_manager_decides_too(manager):
    assert all(label in _labels(manager) for label in DECIDERS)


def test_an_auditor_sees_all_requests_but_decides_nothing(auditor):
    labels = _labels(auditor)

    assert "All requests" in labels
    assert "Awaiting my decision" not in labels and "Delegations" not in labels


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/requests/12/", "My requests"),
        ("/requests/new/mailbox_access/", "New request"),
        ("/requests/awaiting/", "Awaiting my decision"),
        ("/requests/delegations/", "Delegations"),
    ],
)
def test_marks_the_current_entry(path, current, manager):
    entries = navigation_for(manager, path)

    assert [e["label"] for e in entries if e["active"]] == [current]
