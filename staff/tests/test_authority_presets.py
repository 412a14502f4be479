"""The three organisations' presets: complete, cited, and loaded as they say."""

import re

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from kernel.platforms import OwnerKind, Platform
from kernel.roles import RoleKey
from staff.authority_presets import (
    DECISION_NAMES,
    DEFAULT_PRESET,
    NOTIFY,
    PRESETS,
    Decision,
    Preset,
    decide,
)
from staff.models import AuthorityRule, AuthorityStep
from staff.selectors import authority_steps_for, deciders_for, organisation_settings
from staff.services import authority_matrix_load
from staff.tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db

# "000 §54", "000 App. A §17", "001 §3.3.1", "004 §Devices and systems": a seed
# policy's number, then its own paragraph numbering.
CLAUSE = re.compile(r"(00[0-4]) (App\. A )?§\S")
ALL_STEPS = [
    (name, key, order, step)
    for name, preset in PRESETS.items()
    for key, decision in preset.decisions.items()
    for order, step in enumerate(decision.steps, start=1)
]


@pytest.fixture
def organisation(manager):
    """One holder of each role, and a requester (Riley) with a line manager (Morgan)."""
    holders = {}
    for key in (
        RoleKey.CHIEF_EXECUTIVE,
        RoleKey.SIRO,
        RoleKey.COMMUNICATIONS,
        RoleKey.INFORMATION_SECURITY,
        RoleKey.IT_SERVICE_DESK,
    ):
        holders[key] = UserFactory(full_name=f"Holder of {key}")
        give_role(holders[key], key)
    # In Essex the Chief Executive is also the Monitoring Officer.
    give_role(holders[RoleKey.CHIEF_EXECUTIVE], RoleKey.MONITORING_OFFICER)
    holders["line_manager"] = manager
    holders["requester"] = manager.report
    return holders


def deciders(decision, step, requester):
    return list(deciders_for(decision_key=decision, step=step, requester=requester))


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_defines_every_decision_and_loads(name):
    preset = PRESETS[name]
    assert set(preset.decisions) == set(DECISION_NAMES)
    assert authority_matrix_load(preset=preset, actor=None, name=name) == len(DECISION_NAMES)
    assert set(AuthorityRule.objects.values_list("decision_key", flat=True)) == set(DECISION_NAMES)
    event = AuditEvent.objects.get(action="authority_matrix.changed")
    assert event.details["preset"] == name


@pytest.mark.parametrize(("name", "key", "order", "step"), ALL_STEPS)
def test_a_step_cites_a_seed_clause_unless_the_policy_is_silent(name, key, order, step):
    if step.review_needed:
        assert step.clause == ""
        assert "Review before use." in PRESETS[name].decisions[key].description
    else:
        assert CLAUSE.match(step.clause), f"{name} {key} step {order}: {step.clause!r}"


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_reports_only_notify(name):
    for key, decision in PRESETS[name].decisions.items():
        if key.startswith("report."):
            assert decision.steps
            assert {step.action for step in decision.steps} == {NOTIFY}, key


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_a_lost_device_notifies_the_it_service_desk_and_the_communications_team(name):
    who = {step.who for step in PRESETS[name].decisions["report.lost_device"].steps}
    assert who >= {RoleKey.IT_SERVICE_DESK, RoleKey.COMMUNICATIONS}


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_an_out_of_office_message_has_no_steps_anywhere(name):
    assert PRESETS[name].decisions["mailbox.out_of_office"].steps == ()


def test_the_west_midlands_opcc_consults_information_security_before_travel():
    steps = PRESETS["west-midlands-opcc"].decisions["device.abroad"].steps
    assert [(s.who, s.action, s.clause) for s in steps][0] == (
        RoleKey.INFORMATION_SECURITY,
        "consult",
        "000 §54",
    )
    assert steps[-1].action == "decide"


def test_west_midlands_routes_its_policy_never_mentions_are_marked_for_review():
    decisions = PRESETS["west-midlands-opcc"].decisions
    for key in (
        "mailbox.auto_forward",
        "mailbox.forwarding",
        "mailbox.delegate_access",
        "remote_working",
        "email.delete",
        "email.external_access",
        "leaver.case",
    ):
        assert all(step.review_needed for step in decisions[key].steps), key
    assert decisions["device.abroad"].steps[1].review_needed


def test_loading_records_each_steps_action_clause_and_review_flag():
    authority_matrix_load(preset=PRESETS["essex-pfcc"], actor=None, name="essex-pfcc")
    step = AuthorityStep.objects.get(rule__decision_key="device.abroad", order=2)
    assert (step.action, step.role.key, step.clause, step.review_needed) == (
        "notify",
        RoleKey.INFORMATION_SECURITY,
        "001 §3.5",
        False,
    )
    details = AuditEvent.objects.get(action="authority_matrix.changed").details
    assert details["decisions"]["device.abroad"] == [
        {
            "who": "chief_executive",
            "action": "decide",
            "clause": "001 §3.5",
            "review_needed": False,
        },
        {
            "who": "information_security",
            "action": "notify",
            "clause": "001 §3.5",
            "review_needed": False,
        },
    ]
    assert details["decisions"]["report.lost_device"][0]["review_needed"] is True


@pytest.mark.parametrize(
    ("name", "notice", "fallback"),
    [
        ("west-midlands-opcc", 7, RoleKey.CHIEF_EXECUTIVE),
        ("essex-pfcc", 0, RoleKey.CHIEF_EXECUTIVE),
        ("durham", 0, RoleKey.SIRO),
    ],
)
def test_loading_sets_the_organisation_settings_the_policy_fixes(name, notice, fallback):
    authority_matrix_load(preset=PRESETS[name], actor=None, name=name)
    settings = organisation_settings()
    assert settings.device_abroad_notice_days == notice
    assert settings.escalation_working_days == 5
    assert settings.fallback_role.key == fallback
    assert settings.security_advice
    details = AuditEvent.objects.get(action="authority_matrix.changed").details
    assert details["settings"]["fallback_role"] == {"from": None, "to": fallback}
    assert details["settings"]["security_advice"] == "changed"


def test_the_steps_of_a_decision_come_in_order_with_their_roles(django_assert_num_queries):
    authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    with django_assert_num_queries(2):
        steps = authority_steps_for("report.lost_device")
        roles = [step.role.key for step in steps]
    assert roles == [RoleKey.IT_SERVICE_DESK, RoleKey.INFORMATION_SECURITY, RoleKey.COMMUNICATIONS]
    assert [step.order for step in steps] == [1, 2, 3]
    assert authority_steps_for("mailbox.out_of_office") == []
    with pytest.raises(AuthorityRule.DoesNotExist):
        authority_steps_for("mailbox.unknown")


def test_the_default_is_the_west_midlands_opcc():
    assert DEFAULT_PRESET == "west-midlands-opcc"


def test_west_midlands_opcc(organisation):
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    riley, o = organisation["requester"], organisation
    assert deciders("device.abroad", 1, riley) == [o[RoleKey.INFORMATION_SECURITY]]
    assert deciders("device.abroad", 2, riley) == [o[RoleKey.CHIEF_EXECUTIVE]]
    assert deciders("mailbox.auto_forward", 1, riley) == [o[RoleKey.CHIEF_EXECUTIVE]]
    assert deciders("social_account.new", 1, riley) == [o["line_manager"]]
    assert deciders("social_account.new", 2, riley) == [o[RoleKey.CHIEF_EXECUTIVE]]
    assert deciders("software.permission", 1, riley) == [o[RoleKey.CHIEF_EXECUTIVE]]
    assert deciders("report.lost_device", 1, riley) == [o[RoleKey.IT_SERVICE_DESK]]


def test_an_out_of_office_message_is_self_authorised(organisation):
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    rule = AuthorityRule.objects.get(decision_key="mailbox.out_of_office")
    assert not rule.steps.exists()
    with pytest.raises(AuthorityStep.DoesNotExist):
        deciders("mailbox.out_of_office", 1, organisation["requester"])


def test_essex_pfcc(organisation):
    authority_matrix_load(preset=PRESETS["essex-pfcc"], actor=None, name="essex-pfcc")
    riley, o = organisation["requester"], organisation
    chief = o[RoleKey.CHIEF_EXECUTIVE]  # the Chief Executive and Monitoring Officer
    for decision in ("mailbox.auto_forward", "mailbox.forwarding", "mailbox.delegate_access"):
        assert deciders(decision, 1, riley) == [chief]
    assert deciders("remote_working", 1, riley) == [chief]
    assert deciders("device.abroad", 1, riley) == [chief]
    assert deciders("email.delete", 1, riley) == [o["line_manager"]]
    assert deciders("email.external_access", 1, riley) == [o[RoleKey.INFORMATION_SECURITY]]
    assert deciders("social_account.new", 2, riley) == [o[RoleKey.COMMUNICATIONS]]
    assert deciders("monitoring.communications", 1, riley) == [chief]
    assert deciders("office.name_use", 1, riley) == [o[RoleKey.COMMUNICATIONS]]
    assert deciders("report.social_media_abuse", 1, riley) == [o["line_manager"]]


def test_durham(organisation):
    authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    riley, o = organisation["requester"], organisation
    assert deciders("device.abroad", 1, riley) == [o[RoleKey.SIRO]]
    assert deciders("social_account.new", 1, riley) == [o["line_manager"]]
    assert deciders("social_account.new", 2, riley) == [o[RoleKey.COMMUNICATIONS]]
    assert deciders("report.lost_device", 2, riley) == [o[RoleKey.INFORMATION_SECURITY]]
    assert deciders("report.social_media_content", 1, riley) == [o[RoleKey.COMMUNICATIONS]]


def test_loading_another_preset_replaces_the_steps(organisation):
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    rule = AuthorityRule.objects.get(decision_key="device.abroad")
    assert [step.role.key for step in rule.steps.all()] == [RoleKey.SIRO]


def test_a_preset_naming_a_role_that_does_not_exist_is_refused_and_changes_nothing():
    authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    bad = Preset(
        label="Nowhere",
        decisions={
            "device.abroad": Decision(
                "Device abroad", (decide("chief_constable", "004 §Devices and systems"),), ""
            )
        },
    )
    with pytest.raises(ValidationError, match="chief_constable"):
        authority_matrix_load(preset=bad, actor=None, name="bad")
    assert AuthorityRule.objects.count() == len(DECISION_NAMES)


def test_a_preset_naming_an_unknown_fallback_role_is_refused():
    bad = Preset(label="Nowhere", decisions={}, settings={"fallback_role": "chief_constable"})
    with pytest.raises(ValidationError, match="chief_constable"):
        authority_matrix_load(preset=bad, actor=None, name="bad")


def test_a_step_reads_as_who_does_what_and_why():
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    first, second = authority_steps_for("device.abroad")
    assert str(first) == "Information Security is consulted (000 §54)"
    assert str(second) == "Chief Executive decides (not set by the policy)"
    [told] = authority_steps_for("report.unsuitable_material")
    assert str(told) == "The requester's line manager is told (000 §28)"


@pytest.mark.parametrize(
    ("name", "authority"),
    [
        ("west-midlands-opcc", (RoleKey.CHIEF_EXECUTIVE, "000 App. A §19", False)),
        ("essex-pfcc", (RoleKey.COMMUNICATIONS, "", True)),
        ("durham", (RoleKey.COMMUNICATIONS, "004 §Corporate accounts", False)),
    ],
)
def test_each_preset_names_its_accounts_authority(organisation, name, authority):
    authority_matrix_load(preset=PRESETS[name], actor=None, name=name)
    [step] = authority_steps_for("social_account.authority")
    assert (step.role.key, step.clause, step.review_needed) == authority
    holder = organisation[authority[0]]
    assert deciders("social_account.authority", 1, organisation["requester"]) == [holder]


@pytest.mark.parametrize(
    ("name", "individuals", "organisation_may_have_facebook", "clause", "review_needed"),
    [
        ("west-midlands-opcc", ["twitter", "wordpress"], True, "003 §3.3; 002 §3.0", True),
        ("essex-pfcc", [p for p in Platform.values if p != "whatsapp"], True, "002 §3.0", False),
        ("durham", [p for p in Platform.values if p != "whatsapp"], True, "", True),
    ],
)
def test_loading_sets_the_platforms_each_kind_of_account_may_be_on(
    name, individuals, organisation_may_have_facebook, clause, review_needed
):
    authority_matrix_load(preset=PRESETS[name], actor=None, name=name)
    settings = organisation_settings()
    assert settings.platforms_for(OwnerKind.INDIVIDUAL) == individuals
    assert settings.platforms_for(OwnerKind.TEAM) == individuals
    assert ("facebook" in settings.platforms_for_organisation) is organisation_may_have_facebook
    assert (settings.platform_rules_clause, settings.platform_rules_review_needed) == (
        clause,
        review_needed,
    )


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_no_preset_lets_an_account_be_on_whatsapp(name):
    settings = PRESETS[name].settings
    for field in ("platforms_for_individuals", "platforms_for_teams", "platforms_for_organisation"):
        assert Platform.WHATSAPP not in settings[field], field


def test_platform_rules_cite_a_seed_clause_or_are_marked_for_review():
    for name, preset in PRESETS.items():
        clause = preset.settings["platform_rules_clause"]
        assert preset.settings["platform_rules_review_needed"] or CLAUSE.match(clause), name
        assert all(CLAUSE.match(part) for part in clause.split("; ") if part), name
