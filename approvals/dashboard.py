"""The requests' sections of 'My tasks': decisions waiting, tasks assigned."""

from django.urls import reverse
from django.utils import timezone

from kernel.dashboard import Section, dashboard_section

from .selectors import awaiting_decision, tasks_for

SHOWN = 5


def _due(day, today) -> tuple[str, str]:
    if day is None:
        return "", ""
    if day < today:
        return "overdue", "danger"
    if day == today:
        return "due today", "warning"
    return "", ""


@dashboard_section
def awaiting_my_decision(user):
    """Steps waiting for this person's decision, advice or acknowledgement."""
    steps = awaiting_decision(user)
    shown = list(steps[: SHOWN + 1])
    if not shown and not user.is_line_manager and not user.current_role_keys():
        return None
    today = timezone.localdate()
    items = []
    for step in shown[:SHOWN]:
        badge, style = _due(step.due_on, today)
        items.append({
            "url": reverse("approvals:request_detail", args=[step.request_id]),
            "title": step.request.summary,
            "detail": f"from {step.request.requester}"
            + (f", due {step.due_on:%-d %B}" if step.due_on else ""),
            "badge": badge,
            "badge_style": style,
        })
    return Section(
        key="decisions",
        title="Requests awaiting my decision",
        empty_text="No requests are waiting for your decision.",
        items=items,
        count=steps.count() if len(shown) > SHOWN else None,
        more_url=reverse("approvals:awaiting"),
        more_label="Everything awaiting my decision",
    )


@dashboard_section
def tasks_assigned_to_me(user):
    """Tasks given to this person or a role they hold (e.g. grant mailbox access)."""
    tasks = tasks_for(user)
    shown = list(tasks[: SHOWN + 1])
    today = timezone.localdate()
    items = []
    for task in shown[:SHOWN]:
        badge, style = _due(task.due_on, today)
        items.append({
            "url": task.get_absolute_url(),
            "title": task.title,
            "detail": f"due {task.due_on:%-d %B}" if task.due_on else "",
            "badge": badge,
            "badge_style": style,
        })
    return Section(
        key="tasks",
        title="Tasks assigned to me",
        empty_text="No tasks are assigned to you.",
        items=items,
        count=tasks.count() if len(shown) > SHOWN else None,
        more_url=reverse("approvals:my_tasks"),
        more_label="All my tasks",
    )
