"""A new corporate social-media account: the form, the platform rules, the route per preset,
and the register entry an approval makes."""

import pytest
from django.core.exceptions import ValidationError

from accounts_registry.models import Account
from accounts_registry.services import account_register
from accounts_registry.tests.factories import CREDENTIALS, AccountFactory
from approvals import services
from approvals.audit_actions import ApprovalAction
from approvals.models import Request, Task
from approvals.types import get_type
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import approve_all, form_answers, form_errors, open_step, route, submit

pytestmark = pytest.mark.django_db

WRONG_DOMAIN = (
    "Use a work address ending @opcc.example.org: corporate accounts are registered with a "
    "work email, never a personal one (003 §3.10)."
)


@pytest.fixture
def moderator(person):
    return person


def data(requester, moderator, **changes):
    values = {
        "owner_kind": "organisation",
        "platform": "instagram",
        "platform_other": "",
        "name": "@OPCC_Youth",
        "purpose": "Reach young people with the youth commission's work and events.",
        "audience": "Young people aged 14 to 25 across the region",
        "moderator": moderator.email,
        "team": requester.team_id,
        "email": "Youth.Commission@opcc.example.org",
        "guidance_read": "on",
    }
    return {**values, **changes}


def test_a_complete_form_is_accepted(requester, moderator):
    answers = form_answers("social_account", requester, data(requester, moderator))
    assert answers["moderator"] == moderator.pk
    assert answers["team"] == requester.team_id
    assert answers["owner_kind"] == "organisation"
    assert answers["email"] == "youth.commission@opcc.example.org"
    assert answers["guidance_read"] is True


def test_the_team_starts_as_the_requesters_own(requester):
    form = get_type("social_account").make_form(requester=requester)
    assert form.initial["team"] == requester.team_id


def test_the_answers_read_as_the_requester_gave_them(requester, moderator):
    answers = form_answers("social_account", requester, data(requester, moderator))
    lines = {line.label: line.value for line in get_type("social_account").describe(answers)}
    assert lines["Who the account will speak for"] == "The whole organisation"
    assert lines["Platform"] == "Instagram"
    assert lines["Team that will run it"] == requester.team.name
    assert lines["Moderator"] == "Pat Member"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "youth@gmail.com"}, "email", WRONG_DOMAIN),
        ({"email": "youth@opcc.example.org.evil.com"}, "email", WRONG_DOMAIN),
        ({"email": "not an address"}, "email", "Enter a valid email address."),
        ({"platform": "other"}, "platform_other", "Say which platform the account will be on."),
        ({"moderator": ""}, "moderator", "This field is required."),
        ({"owner_kind": ""}, "owner_kind", "This field is required."),
        ({"team": ""}, "team", "This field is required."),
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
    errors = form_errors("social_account", requester, {**data(requester, moderator), **changes})
    assert errors[field] == [message]


@pytest.mark.parametrize(
    ("owner_kind", "platform", "message"),
    [
        (
            "team",
            "facebook",
            "The organisation's rules do not allow a Facebook account for a team: a team may "
            "have a Twitter/X account or a WordPress blog (003 §3.3; 002 §3.0).",
        ),
        (
            "individual",
            "instagram",
            "The organisation's rules do not allow an Instagram account for a member of staff: "
            "a member of staff may have a Twitter/X account or a WordPress blog "
            "(003 §3.3; 002 §3.0).",
        ),
    ],
)
def test_a_platform_the_rules_do_not_allow_is_refused_with_the_clause(
    west_midlands, requester, moderator, owner_kind, platform, message
):
    changes = {"owner_kind": owner_kind, "platform": platform}
    errors = form_errors("social_account", requester, data(requester, moderator, **changes))
    assert errors == {"platform": [message]}


@pytest.mark.parametrize(
    ("owner_kind", "platform"),
    [("team", "twitter"), ("individual", "wordpress"), ("organisation", "facebook")],
)
def test_a_platform_the_rules_allow_is_accepted(
    west_midlands, requester, moderator, owner_kind, platform
):
    changes = {"owner_kind": owner_kind, "platform": platform}
    assert form_answers("social_account", requester, data(requester, moderator, **changes))


def test_whatsapp_is_not_for_business_in_essex(essex, requester, moderator):
    changes = {"platform": "whatsapp"}
    errors = form_errors("social_account", requester, data(requester, moderator, **changes))
    assert errors["platform"][0].startswith(
        "The organisation's rules do not allow a WhatsApp account for the organisation:"
    )
    assert errors["platform"][0].endswith("(002 §3.0).")


def test_a_name_already_on_the_register_for_the_platform_is_refused(requester, moderator):
    AccountFactory(platform="instagram", handle="@opcc_youth")
    errors = form_errors("social_account", requester, data(requester, moderator))
    assert errors == {
        "name": ["@OPCC_Youth is already on the register for Instagram: choose another name."]
    }


def test_a_closed_account_or_another_platform_leaves_the_name_free(requester, moderator):
    AccountFactory(platform="instagram", handle="@OPCC_Youth", status=Account.Status.CLOSED)
    AccountFactory(platform="twitter", handle="@OPCC_Youth")
    assert form_answers("social_account", requester, data(requester, moderator))


def test_the_title_names_the_platform_and_the_account(west_midlands, holders, requester, moderator):
    request = submit("social_account", requester, data(requester, moderator))
    assert request.summary == "New Instagram account: @OPCC_Youth"
    other = submit(
        "social_account",
        requester,
        data(requester, moderator, platform="other", platform_other="Threads", name="@Other"),
    )
    assert other.summary == "New Threads account: @Other"


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
    request = submit("social_account", requester, data(requester, moderator))
    assert route(request) == [("decide", "line_manager", "", True), authority]
    first = request.steps.get(order=1)
    assert first.assignee == requester.line_manager


def test_approval_enters_the_account_on_the_register_awaiting_registration(
    west_midlands, holders, requester, moderator
):
    request = submit("social_account", requester, data(requester, moderator))
    request = approve_all(request, [requester.line_manager, *holders.values()])
    assert request.status == Request.Status.APPROVED
    account = Account.objects.get(source_request_id=request.pk)
    assert account.status == Account.Status.AWAITING_REGISTRATION
    assert (account.platform, account.handle, account.owner_kind) == (
        "instagram",
        "@OPCC_Youth",
        "organisation",
    )
    assert (account.owner, account.moderator, account.team) == (
        requester,
        moderator,
        requester.team,
    )
    assert account.registration_email == "youth.commission@opcc.example.org"
    assert account.purpose.startswith("Reach young people")
    assert not Task.objects.filter(request=request).exists()
    assert Notification.objects.filter(
        recipient=requester, kind="account_awaiting_registration"
    ).exists()


def test_registering_the_account_completes_its_request(
    west_midlands, holders, requester, moderator
):
    request = submit("social_account", requester, data(requester, moderator))
    request = approve_all(request, [requester.line_manager, *holders.values()])
    account = Account.objects.get(source_request_id=request.pk)
    account_register(account=account, actor=requester, **CREDENTIALS)
    request.refresh_from_db()
    assert request.status == Request.Status.COMPLETED
    assert request.closed_at is not None
    completed = AuditEvent.objects.get(action=ApprovalAction.COMPLETED, target_id=str(request.pk))
    assert completed.actor == requester


def test_an_account_that_came_from_no_request_registers_as_before(requester):
    account = AccountFactory(owner=requester, status=Account.Status.AWAITING_REGISTRATION)
    account_register(account=account, actor=requester, **CREDENTIALS)
    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE
    assert not AuditEvent.objects.filter(action=ApprovalAction.COMPLETED).exists()


def test_approving_twice_makes_one_register_entry(west_midlands, holders, requester, moderator):
    request = submit("social_account", requester, data(requester, moderator))
    request = approve_all(request, [requester.line_manager, *holders.values()])
    get_type("social_account").on_approved(request)
    assert Account.objects.filter(source_request_id=request.pk).count() == 1


def test_a_name_taken_before_the_decision_stops_the_approval_and_changes_nothing(
    west_midlands, holders, requester, moderator
):
    request = submit("social_account", requester, data(requester, moderator))
    services.step_approve(step=open_step(request), actor=requester.line_manager)
    AccountFactory(platform="instagram", handle="@OPCC_Youth")
    last = open_step(request)
    with pytest.raises(ValidationError, match="already on the register for Instagram"):
        services.step_approve(step=last, actor=holders[RoleKey.CHIEF_EXECUTIVE])
    request.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED
    assert open_step(request) == last
    assert Account.objects.count() == 1
