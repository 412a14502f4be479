"""Checks made before a device is issued to a person, registered by the apps above.

The devices app knows who may be issued which kind of device (the organisation
settings) but not what else must come first: a declaration to sign, say. An app
above registers a check with ``register_issue_check``; ``issue_refusals`` runs
every check and returns each reason the issue is refused, with a link to the
page where the person can put it right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IssueRefusal:
    """Why a device may not be issued yet, and where to put it right."""

    message: str
    link: str = ""


IssueCheck = Callable[[object, str], list[IssueRefusal]]

_issue_checks: list[IssueCheck] = []


def register_issue_check(check: IssueCheck) -> IssueCheck:
    """Add ``check(person, device_kind) -> list[IssueRefusal]``; usable as a decorator."""
    if check not in _issue_checks:
        _issue_checks.append(check)
    return check


def issue_refusals(person, device_kind: str) -> list[IssueRefusal]:
    """Every registered check's refusals for issuing a ``device_kind`` to ``person``."""
    return [refusal for check in _issue_checks for refusal in check(person, device_kind)]
