"""What the audit trail holds about a person: what they did, and what was done to their record."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from kernel.personal_data import Part, personal_data

from .actions import action_label
from .models import AuditEvent


@personal_data(90)
def audit_parts(user) -> list[Part]:
    own_record = Q(target_type=settings.AUTH_USER_MODEL.lower(), target_id=str(user.pk))
    events = AuditEvent.objects.filter(Q(actor=user) | own_record).order_by("seq")
    rows = [
        {
            "when": event.occurred_at,
            "what": action_label(event.action),
            "by": "you" if event.actor_id == user.pk else event.actor_label,
            "about": event.target_label,
            "from address": event.ip_address,
            # Details of what someone did to others' records are about those others.
            "details": event.details if _is_own_record(event, user) else {},
        }
        for event in events.iterator(chunk_size=2000)
    ]
    return [
        Part(
            "audit-trail",
            "The audit trail",
            "What you did in the portal, and what was done to your staff record, oldest first.",
            rows,
        )
    ]


def _is_own_record(event: AuditEvent, user) -> bool:
    return event.target_type == settings.AUTH_USER_MODEL.lower() and event.target_id == str(user.pk)
