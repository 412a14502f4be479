import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.authority_presets import DECISION_NAMES
from staff.models import AuthorityStep

pytestmark = pytest.mark.django_db


def test_loads_the_west_midlands_opcc_by_default(capsys):
    call_command("load_authority_matrix")
    assert f"Loaded {len(DECISION_NAMES)} decisions" in capsys.readouterr().out
    assert (
        AuthorityStep.objects.get(rule__decision_key="device.abroad", order=2).role.key
        == RoleKey.CHIEF_EXECUTIVE
    )
    assert (
        AuditEvent.objects.get(action="authority_matrix.changed").details["preset"]
        == "west-midlands-opcc"
    )


def test_loads_a_named_preset():
    call_command("load_authority_matrix", "--preset", "durham")
    assert AuthorityStep.objects.get(rule__decision_key="device.abroad").role.key == RoleKey.SIRO


def test_warns_of_the_steps_the_policy_does_not_set(capsys):
    call_command("load_authority_matrix", "--preset", "essex-pfcc")
    out = capsys.readouterr().out
    assert "steps are not set by the policy: review them before use" in out
    assert "report.lost_device step 1: it_service_desk (notify), not set by the policy" in out
    assert "mailbox.auto_forward" not in out


def test_lists_every_step_with_its_clause_when_verbose(capsys):
    call_command("load_authority_matrix", "--preset", "essex-pfcc", verbosity=2)
    assert (
        "mailbox.auto_forward step 1: chief_executive (decide), 001 §3.3.1"
        in capsys.readouterr().out
    )


def test_refuses_a_preset_it_does_not_know():
    with pytest.raises(CommandError):
        call_command("load_authority_matrix", "--preset", "nowhere")


def test_leaves_an_existing_matrix_alone_when_asked(capsys):
    call_command("load_authority_matrix", "--preset", "durham")
    call_command("load_authority_matrix", "--if-empty")
    assert "left as it is" in capsys.readouterr().out
    assert AuthorityStep.objects.get(rule__decision_key="device.abroad").role.key == RoleKey.SIRO


def test_loads_the_default_into_an_empty_matrix_when_asked(capsys):
    call_command("load_authority_matrix", "--if-empty")
    assert f"Loaded {len(DECISION_NAMES)} decisions" in capsys.readouterr().out
