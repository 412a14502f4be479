"""Every action the audit trail records, registered with its label by the app that writes it.

Each app names its actions in its own ``audit_actions`` module, as a subclass of
``AuditActions`` (value and label, like Django's choices) marked ``@registered``::

    @registered
    class RecordAction(AuditActions):
        SIGNED = "record.signed", "Signed record produced"

and writes them as ``audit_log(action=RecordAction.SIGNED, ...)``. Writing an
action that no app registered is refused, so every event in the trail has words
to show it in and a place in the viewer's filter. An action the portal no
longer writes keeps its label with ``retired`` so that older events still read
well.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class AuditActions(models.TextChoices):
    """The base of each app's list of actions: ``NAME = "thing.verb", "Label"``."""


class UnregisteredAuditAction(LookupError):
    """An action was written that no app registered."""


_LABELS: dict[str, str] = {}
_RETIRED: dict[str, str] = {}


def _add(table: dict[str, str], key: str, label: str) -> None:
    # Registering the same label again (a module imported twice) is harmless.
    other = _RETIRED if table is _LABELS else _LABELS
    if table.get(key, label) != label or key in other:
        raise ImproperlyConfigured(f"The audit action {key!r} is registered twice")
    table[key] = label


def registered(actions: type[AuditActions]) -> type[AuditActions]:
    """Register every action of an app's ``AuditActions`` class; used as a decorator."""
    for action in actions:
        _add(_LABELS, action.value, str(action.label))
    return actions


def retired(labels: dict[str, str]) -> None:
    """Keep the labels of actions older events carry but the portal no longer writes."""
    for key, label in labels.items():
        _add(_RETIRED, key, label)


def registered_action(action: str) -> str:
    """The key of a registered action; ``UnregisteredAuditAction`` for any other."""
    key = str(action)
    if key not in _LABELS:
        raise UnregisteredAuditAction(
            f"The audit action {key!r} is not registered: add it to an audit_actions module"
        )
    return key


def is_registered(action: str) -> bool:
    return str(action) in _LABELS


def known_actions() -> dict[str, str]:
    """Every action an event may carry (registered or retired) with its label."""
    return {**_RETIRED, **_LABELS}


def action_label(action: str) -> str:
    """The action in plain words; an unknown key is spelled out ("a.b_c" reads "A b c")."""
    labels = known_actions()
    if action in labels:
        return labels[action]
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
