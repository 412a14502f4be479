"""What a decision's signed record says: the written permission the policies ask for.

The record carries the request as the decision maker saw it, every step with the
clause that gives its authority, the advice given, who decided (and for whom,
when a delegate decided), and the dates the permission is valid for.
"""

from __future__ import annotations

from staff.models import AuthorityRule, User

from .models import Request, Step
from .types import get_type


def _person(person: User | None) -> dict | None:
    if person is None:
        return None
    return {
        "name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "team": person.team.name if person.team_id else "",
    }


def _step(step: Step) -> dict:
    return {
        "order": step.order,
        "action": step.get_action_display(),
        "who": step.who,
        "clause": step.clause,
        "review_needed": step.review_needed,
        "fallback": step.fallback,
        "escalated": step.escalated_at is not None,
        "status": step.get_status_display(),
        "decided_by": step.decided_by.full_name if step.decided_by_id else "",
        "on_behalf_of": step.on_behalf_of.full_name if step.on_behalf_of_id else "",
        "decided_at": step.decided_at,
        "note": step.note,
    }


def decision_evidence(request: Request) -> dict:
    """The record's evidence for a decided (or acknowledged) request."""
    request_type = get_type(request.type_key)
    steps = request.steps.select_related("role", "assignee", "decided_by", "on_behalf_of")
    rule = AuthorityRule.objects.filter(decision_key=request.decision_key).first()
    return {
        "request": {
            "reference": request.reference,
            "type": request_type.name,
            "summary": request.summary,
            "outcome": request.get_status_display(),
            "submitted_at": request.submitted_at,
            "decided_at": request.decided_at,
            "late": request.late,
            "internal_investigation": request.internal_investigation,
        },
        "decision": {
            "key": request.decision_key,
            "name": rule.name if rule else request.decision_key,
            "self_authorised": not steps.exists(),
        },
        "requester": _person(request.requester),
        "affected": _person(request.affected) if request.affected_id else None,
        "answers": [
            {"label": line.label, "value": line.value}
            for line in request_type.describe(request.answers)
        ],
        "valid": (
            {"from": request.starts_on, "until": request.ends_on}
            if request.starts_on or request.ends_on
            else None
        ),
        "steps": [_step(step) for step in steps],
    }
