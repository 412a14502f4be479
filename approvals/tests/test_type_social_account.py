"""A new corporate social-media account: the form, the route per preset, the register task."""

import datetime as dt

import pytest

from approvals.models import Request, Step, Task
from approvals.types import get_type
from kernel.roles import RoleKey

from .factories import approve_all, form_answers, form_errors, route, submit

pytestmark = pytest.mark.django_db

WRONG_DOMAIN = (
    "Use a work address ending @opcc.example.org: corporate accounts are registered with a "
    "work email, never a personal one (003 §3.10)."
)


@pytest.fixture
def moderator(person):
    return person


def data(moderator, **changes):
    values = {
        "platform": "instagram",
        "platform_other": "",
        "name": "@OPCC_Youth",
        "purpose": "Reach young people with the youth commission's work and events.",
        "audience": "Young people aged 14 to 25 across the region",
        "moderator": moderator.email,
        "team": "Engagement",
        "email": "Youth.Commission@opcc.example.org",
        "guidance_read": "on",
    }
    return {**values, **changes}


def test_a_complete_form_is_accepted(requester, moderator):
    answers = form_answers("social_account", requester, data(moderator))
    assert answers["moderator"] == moderator.pk
    assert answers["email"] == "youth.commission@opcc.example.org"
    assert answers["guidance_read"] is True


def test_the_team_starts_as_the_requesters_own(requester):
    form = get_type("social_account").make_form(requester=requester)
    assert form.initial["team"] == requester.team.name


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "youth@gmail.com"}, "email", WRONG_DOMAIN),
        ({"email": "youth@opcc.example.org.evil.com"}, "email", WRONG_DOMAIN),
        ({"email": "not an address"}, "email", "Enter a valid email address."),
        ({"platform": "other"}, "platform_other", "Say which platform the account will be on."),
        ({"moderator": ""}, "moderator", "This field is required."),
        (
            {"guidance_read": ""},
            "guidance_read",
            "Confirm that you have read the social media guidance: an account is approved "
            "only for someone who has.",
        ),
        ({"purpose": ""}, "purpose", "This field is required."),
    ],
)
def test_the_form_says_what_is_wrong(requester, moderator, changes, field, message):
    errors = form_errors("social_account", requester, {**data(moderator), **changes})
    assert errors[field] == [message]


def test_the_title_names_the_platform_and_the_account(west_midlands, holders, requester, moderator):
    request = submit("social_account", requester, data(moderator))
    assert request.summary == "New Instagram account: @OPCC_Youth"
    other = submit(
        "social_account", requester, data(moderator, platform="other", platform_other="Threads")
    )
    assert other.summary == "New Threads account: @OPCC_Youth"


@pytest.mark.parametrize(
    ("preset", "authority"),
    [
        ("west-midlands-opcc", ("decide", RoleKey.CHIEF_EXECUTIVE, "000 App. A §17", False)),
        ("essex-pfcc", ("decide", RoleKey.COMMUNICATIONS, "002 §3.0", False)),
        ("durham", ("decide", RoleKey.COMMUNICATIONS, "004 §Corporate accounts", False)),
    ],
)
def test_the_line_manager_then_the_accounts_authority_decide(
    load_preset, holders, requester, moderator, preset, authority
):
    load_preset(preset)
    request = submit("social_account", requester, data(moderator))
    assert route(request) == [("decide", "line_manager", "", True), authority]
    first = request.steps.get(order=1)
    assert first.status == Step.Status.OPEN
    assert first.assignee == requester.line_manager


def test_approval_asks_the_communications_team_to_register_the_account(
    west_midlands, holders, requester, moderator
):
    request = submit("social_account", requester, data(moderator))
    request = approve_all(request, [requester.line_manager, *holders.values()])
    assert request.status == Request.Status.APPROVED
    task = Task.objects.get(request=request)
    assert task.key == f"request:{request.pk}:register-account"
    assert task.owner_role.key == RoleKey.COMMUNICATIONS
    # Five working days after Monday 1 June 2026.
    assert task.due_on == dt.date(2026, 6, 8)
    assert task.title == "Register the new Instagram account @OPCC_Youth"
    assert "Moderator: Pat Member" in task.details
    get_type("social_account").on_approved(request)
    assert Task.objects.filter(request=request).count() == 1
