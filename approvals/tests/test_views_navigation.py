"""One "Requests" entry in the main navigation; the requests pages' tabs, each for its
audience."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from kernel.roles import RoleKey
from portal.navigation import navigation_for

EVERYONE = ["New request", "My requests", "All requests", "Tasks"]
DECIDERS = ["Awaiting my decision", "Delegations"]


def _tabs(user, path="/requests/"):
    request = RequestFactory().get(path)
    request.user = user
    html = Template("{% load approval_tags %}{% request_tabs %}").render(
        Context({"request": request})
    )
    return html


def _labels(user, path="/requests/"):
    html = _tabs(user, path)
    return [label for label in EVERYONE + DECIDERS if f">{label}</a>" in html]


def test_the_main_navigation_has_one_entry_for_every_requests_page(person):
    entries = navigation_for(person, "/requests/12/")

    assert [e["label"] for e in entries if e["active"]] == ["Requests"]
    assert not any(e["label"] in EVERYONE + DECIDERS for e in entries)


def test_every_member_of_staff_can_ask_and_follow_their_requests(person):
    labels = _labels(person)

    assert all(label in labels for label in ["New request", "My requests", "Tasks"])
    assert not any(label in labels for label in DECIDERS)
    assert "All requests" not in labels  # its page is for decision makers and auditors


@pytest.mark.parametrize(
    "role", [RoleKey.CHIEF_EXECUTIVE, RoleKey.INFORMATION_SECURITY, RoleKey.IT_SERVICE_DESK]
)
def test_people_who_decide_see_what_awaits_them(role, role_holder):
    assert all(label in _labels(role_holder(role)) for label in EVERYONE + DECIDERS)


def test_a_line_manager_decides_too(manager):
    assert all(label in _labels(manager) for label in DECIDERS)


def test_an_auditor_sees_all_requests_but_decides_nothing(auditor):
    labels = _labels(auditor)

    assert "All requests" in labels
    assert "Awaiting my decision" not in labels and "Delegations" not in labels


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/requests/", "My requests"),
        ("/requests/new/mailbox_access/", "New request"),
        ("/requests/awaiting/", "Awaiting my decision"),
        ("/requests/delegations/", "Delegations"),
        ("/requests/tasks/role/it_service_desk/", "Tasks"),
    ],
)
def test_marks_the_current_tab(path, current, manager):
    html = _tabs(manager, path)

    assert html.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in html


def test_a_request_page_marks_no_tab(manager):
    assert 'aria-current="page"' not in _tabs(manager, "/requests/12/")


def test_the_tabs_are_on_the_requests_pages(mfa_client, manager):
    client = mfa_client(manager)
    for url in ["/requests/", "/requests/new/", "/requests/awaiting/", "/requests/tasks/"]:
        assert 'aria-label="Requests"' in client.get(url).content.decode(), url
