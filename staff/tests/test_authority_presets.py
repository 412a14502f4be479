import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.authority_presets import DEFAULT_PRESET, PRESETS
from staff.models import AuthorityRule, AuthorityStep
from staff.selectors import deciders_for
from staff.services import authority_matrix_load
from staff.tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db

REQUIRED_DECISIONS = {
    "mailbox.out_of_office",
    "mailbox.auto_forward",
    "mailbox.forwarding",
    "mailbox.delegate_access",
    "device.abroad",
    "social_account.new",
    "remote_working",
    "software.permission",
    "email.delete",
    "email.external_access",
    "report.lost_device",
    "report.unsuitable_material",
    "report.virus",
    "report.social_media_content",
    "leaver.case",
}


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
def test_every_preset_covers_every_decision_and_loads(name):
    assert set(PRESETS[name]) >= REQUIRED_DECISIONS
    assert authority_matrix_load(preset=PRESETS[name], actor=None, name=name) == len(PRESETS[name])
    assert set(AuthorityRule.objects.values_list("decision_key", flat=True)) == set(PRESETS[name])
    event = AuditEvent.objects.get(action="authority_matrix.changed")
    assert event.details["preset"] == name


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


def test_durham(organisation):
    authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    riley, o = organisation["requester"], organisation
    assert deciders("device.abroad", 1, riley) == [o[RoleKey.SIRO]]
    assert deciders("social_account.new", 1, riley) == [o["line_manager"]]
    assert deciders("social_account.new", 2, riley) == [o[RoleKey.COMMUNICATIONS]]
    assert deciders("report.lost_device", 2, riley) == [o[RoleKey.INFORMATION_SECURITY]]


def test_loading_another_preset_replaces_the_steps(organisation):
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    rule = AuthorityRule.objects.get(decision_key="device.abroad")
    assert [step.role.key for step in rule.steps.all()] == [RoleKey.SIRO]


def test_a_preset_naming_a_role_that_does_not_exist_is_refused_and_changes_nothing():
    authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    bad = {"device.abroad": {"name": "Device abroad", "steps": ["chief_constable"]}}
    with pytest.raises(ValidationError, match="chief_constable"):
        authority_matrix_load(preset=bad, actor=None, name="bad")
    assert AuthorityRule.objects.count() == len(PRESETS["durham"])
