"""Every action the portal writes is registered, labelled and offered by the viewer's filter."""

import ast
import importlib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from audit import actions
from audit.actions import (
    AuditActions,
    UnregisteredAuditAction,
    action_label,
    is_registered,
    known_actions,
    registered,
)
from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from audit.services import audit_log

ROOT = Path(__file__).resolve().parents[2]
APPS = ["kernel", "audit", "notifications", "staff", "records", "declarations",
        "accounts_registry", "approvals", "portal"]


def _actions_written() -> dict[str, str]:
    """Each ``audit_log(action=...)`` in the portal's code: where it is, and the action it writes."""
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_log"):
                    continue
                action = next(k.value for k in node.keywords if k.arg == "action")
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found[where] = _evaluate(action, module, where)
    return found


def _evaluate(expression: ast.expr, module, where: str):
    # Written as SomeAction.MEMBER; a plain string or a variable is reported as such.
    if isinstance(expression, ast.Attribute) and isinstance(expression.value, ast.Name):
        return getattr(getattr(module, expression.value.id), expression.attr)
    if isinstance(expression, ast.Name):
        return ast.Name  # passed through from the caller (e.g. a service's argument)
    raise AssertionError(f"{where}: write the action as SomeAction.MEMBER, not {ast.unparse(expression)}")


def test_finds_the_actions_the_code_writes():
    written = _actions_written()
    assert len(written) >= 35


def test_has_every_written_action_registered_with_a_label():
    for where, action in _actions_written().items():
        if action is ast.Name:
            continue
        assert isinstance(action, AuditActions), where
        assert is_registered(action), where
        assert known_actions()[action.value] == action.label == action_label(action.value), where


@pytest.mark.django_db
def test_offers_every_registered_action_in_the_audit_filter():
    offered = dict(AuditFilterForm().fields["action"].choices)
    for key, label in known_actions().items():
        assert offered[key] == label


@pytest.mark.django_db
def test_refuses_to_write_an_unregistered_action():
    with pytest.raises(UnregisteredAuditAction):
        audit_log(action="staff.invented_action")
    assert not AuditEvent.objects.exists()


def test_refuses_an_action_registered_twice_with_two_labels(monkeypatch):
    monkeypatch.setattr(actions, "_LABELS", dict(actions._LABELS))

    class First(AuditActions):
        THING = "test_only.thing", "A thing"

    class Second(AuditActions):
        THING = "test_only.thing", "Another thing"

    registered(First)
    registered(First)  # the same again is harmless (a module imported twice)
    with pytest.raises(ImproperlyConfigured):
        registered(Second)
