"""Reports: each form, who is told under each preset, and all of them told at once."""

import datetime as dt

import pytest

from approvals.models import Request, Step
from approvals.types import get_type
from kernel.roles import RoleKey

from .factories import approve_all, day, form_answers, form_errors, lost_device_data, route, submit

pytestmark = pytest.mark.django_db

IT = RoleKey.IT_SERVICE_DESK
COMMS = RoleKey.COMMUNICATIONS
INFOSEC = RoleKey.INFORMATION_SECURITY
MANAGER = "line_manager"

COMMON = {
    "happened_on": day(0),
    "what_happened": "It happened this morning at my desk.",
    "done_so_far": "",
}

REPORTS = {
    "report_lost_device": lost_device_data(),
    "report_compromised": {
        **COMMON,
        "what": "password",
        "account_or_device": "My network sign-in",
        "always_with_you": "",
    },
    "report_unsuitable_material": {**COMMON, "address": "news-example.com/gallery"},
    "report_virus": {
        **COMMON,
        "device": "Desktop WM-D-0107",
        "source": "invoice.zip from an unknown sender",
        "disconnected": "yes",
    },
    "report_social_media_content": {
        **COMMON,
        "link": "https://x.com/someone/status/1",
        "platform": "Twitter/X",
    },
    "report_social_media_abuse": {
        **COMMON,
        "account": "@OPCC_Youth on Instagram",
        "from_whom": "@angry_person",
        "link": "",
    },
    "report_offensive_email": {
        **COMMON,
        "sender": "someone@example.com",
        "subject": "You lot",
    },
}

TITLES = {
    "report_lost_device": "Lost or stolen device: Work phone, asset tag WM-01234 (1 June 2026)",
    "report_compromised": "Compromised password or device: My network sign-in (1 June 2026)",
    "report_unsuitable_material": (
        "Unsuitable material opened by accident: news-example.com/gallery (1 June 2026)"
    ),
    "report_virus": "Suspected virus: Desktop WM-D-0107 (1 June 2026)",
    "report_social_media_content": "Social-media content about us: Twitter/X (1 June 2026)",
    "report_social_media_abuse": "Abuse on social media: @OPCC_Youth on Instagram (1 June 2026)",
    "report_offensive_email": "Offensive email: You lot (1 June 2026)",
}

# Who is told of each report under each preset: (action, who, clause, review needed).
ROUTES = {
    ("report_lost_device", "west-midlands-opcc"): [
        ("notify", IT, "000 §56", False),
        ("notify", COMMS, "", True),
    ],
    ("report_lost_device", "essex-pfcc"): [("notify", IT, "", True), ("notify", COMMS, "", True)],
    ("report_lost_device", "durham"): [
        ("notify", IT, "004 §Devices and systems", False),
        ("notify", INFOSEC, "004 §Devices and systems", False),
        ("notify", COMMS, "", True),
    ],
    ("report_compromised", "west-midlands-opcc"): [("notify", IT, "000 §56", False)],
    ("report_compromised", "essex-pfcc"): [("notify", IT, "", True)],
    ("report_compromised", "durham"): [
        ("notify", IT, "004 §Devices and systems", False),
        ("notify", INFOSEC, "004 §Devices and systems", False),
    ],
    ("report_unsuitable_material", "west-midlands-opcc"): [("notify", MANAGER, "000 §28", False)],
    ("report_unsuitable_material", "essex-pfcc"): [
        ("notify", MANAGER, "001 §3.2", False),
        ("notify", IT, "001 §3.2", False),
    ],
    ("report_unsuitable_material", "durham"): [
        ("notify", MANAGER, "004 §Internet use", False),
        ("notify", IT, "004 §Internet use", False),
    ],
    ("report_virus", "west-midlands-opcc"): [("notify", IT, "000 §29", False)],
    ("report_virus", "essex-pfcc"): [("notify", IT, "", True)],
    ("report_virus", "durham"): [
        ("notify", IT, "004 §Devices and systems", False),
        ("notify", INFOSEC, "004 §Devices and systems", False),
    ],
    ("report_social_media_content", "west-midlands-opcc"): [("notify", COMMS, "", True)],
    ("report_social_media_content", "essex-pfcc"): [("notify", COMMS, "", True)],
    ("report_social_media_content", "durham"): [
        ("notify", COMMS, "004 §Corporate accounts", False)
    ],
    ("report_social_media_abuse", "west-midlands-opcc"): [
        ("notify", RoleKey.CHIEF_EXECUTIVE, "000 App. A §24", False)
    ],
    ("report_social_media_abuse", "essex-pfcc"): [("notify", MANAGER, "002 §2.0", False)],
    ("report_social_media_abuse", "durham"): [("notify", MANAGER, "", True)],
    ("report_offensive_email", "west-midlands-opcc"): [("notify", MANAGER, "", True)],
    ("report_offensive_email", "essex-pfcc"): [("notify", MANAGER, "001 §3.3", False)],
    ("report_offensive_email", "durham"): [("notify", MANAGER, "", True)],
}


@pytest.mark.parametrize("key", REPORTS)
def test_a_complete_report_is_accepted(requester, key):
    assert form_answers(key, requester, REPORTS[key])["happened_on"] == "2026-06-01"


@pytest.mark.parametrize("key", REPORTS)
def test_a_report_cannot_be_about_tomorrow(requester, key):
    errors = form_errors(key, requester, {**REPORTS[key], "happened_on": day(1)})
    assert errors["happened_on"] == ["The date cannot be in the future."]


@pytest.mark.parametrize("key", REPORTS)
def test_a_report_says_what_happened(requester, key):
    errors = form_errors(key, requester, {**REPORTS[key], "what_happened": ""})
    assert errors["what_happened"] == ["This field is required."]


@pytest.mark.parametrize(
    ("key", "field", "value", "message"),
    [
        ("report_lost_device", "locked", "", "This field is required."),
        ("report_lost_device", "social_accounts", "", "This field is required."),
        ("report_lost_device", "device_owner", "", "This field is required."),
        (
            "report_lost_device",
            "social_accounts",
            "maybe",
            "Select a valid choice. maybe is not one of the available choices.",
        ),
        ("report_lost_device", "device", "", "This field is required."),
        ("report_compromised", "what", "", "This field is required."),
        ("report_virus", "disconnected", "", "This field is required."),
        ("report_social_media_content", "link", "not a link", "Enter a valid URL."),
        ("report_social_media_abuse", "account", "", "This field is required."),
        ("report_offensive_email", "sender", "", "This field is required."),
    ],
)
def test_each_report_asks_its_own_questions(requester, key, field, value, message):
    errors = form_errors(key, requester, {**REPORTS[key], field: value})
    assert errors[field] == [message]


def test_the_lost_device_form_asks_about_social_media_accounts_and_a_crime_reference(requester):
    data = lost_device_data(
        social_accounts="yes", device_owner="personal", crime_reference="20/123456/26"
    )
    answers = form_answers("report_lost_device", requester, data)
    assert answers["social_accounts"] == "yes"
    assert answers["crime_reference"] == "20/123456/26"
    lines = {line.label: line.value for line in get_type("report_lost_device").describe(answers)}
    assert lines["Whose device is it?"] == "My own phone, tablet or computer"
    assert lines["Could the organisation's social-media accounts be reached from it?"] == "Yes"
    assert lines["When it was lost or stolen"] == "1 June 2026"


@pytest.mark.parametrize(("key", "preset"), ROUTES)
def test_everyone_the_preset_names_is_told_at_once(load_preset, holders, requester, key, preset):
    load_preset(preset)
    request = submit(key, requester, REPORTS[key])
    assert route(request) == ROUTES[key, preset]
    assert request.summary == TITLES[key]
    steps = list(request.steps.all())
    assert {step.status for step in steps} == {Step.Status.OPEN}
    # One working day each: Monday 1 June to Tuesday 2 June 2026.
    assert {step.due_on for step in steps} == {dt.date(2026, 6, 2)}
    for step in steps:
        if step.line_manager:
            assert step.assignee == requester.line_manager


@pytest.mark.parametrize("key", REPORTS)
def test_a_report_is_complete_once_everyone_has_acknowledged_it(
    west_midlands, holders, requester, key
):
    request = submit(key, requester, REPORTS[key])
    request = approve_all(request, [requester.line_manager, *holders.values()])
    assert request.status == Request.Status.COMPLETED
    assert request.record.kind == "decision"
    assert {s["status"] for s in request.record.evidence["steps"]} == {"Acknowledged"}


def test_reports_come_after_the_requests_in_the_catalogue():
    assert get_type("report_lost_device").order > get_type("monitoring").order
    assert all(get_type(key).is_report for key in REPORTS)
    assert all(get_type(key).step_working_days == 1 for key in REPORTS)
