"""The notifications and emails a person was sent."""

from __future__ import annotations

from kernel.personal_data import Part, personal_data

from .models import Notification


@personal_data(20)
def notification_parts(user) -> list[Part]:
    rows = [
        {
            "sent": note.created_at,
            "subject": note.subject,
            "message": note.body_text,
            "read": note.read_at,
            "emailed": note.email_sent_at,
        }
        for note in Notification.objects.filter(recipient=user).order_by("created_at").iterator()
    ]
    return [
        Part(
            "notifications",
            "Your notifications",
            "Everything the portal told you, by email and on its pages.",
            rows,
        )
    ]
