from django.urls import reverse

from kernel.access import may_act_as
from kernel.dashboard import Section, dashboard_section
from kernel.roles import RoleKey

DECIDERS = (
    RoleKey.CHIEF_EXECUTIVE,
    RoleKey.MONITORING_OFFICER,
    RoleKey.SIRO,
    RoleKey.COMMUNICATIONS,
    RoleKey.INFORMATION_SECURITY,
    "line_manager",
)


@dashboard_section
def awaiting_my_decision(user):
    """Requests waiting for this person's decision, for people who decide anything."""
    if not may_act_as(user, DECIDERS):
        return None
    return Section(
        key="decisions",
        title="Requests awaiting my decision",
        empty_text="No requests are waiting for your decision.",
        more_url=reverse("approvals:index"),
        more_label="All requests",
    )


@dashboard_section
def tasks_assigned_to_me(user):
    """Tasks given to this person (e.g. the IT service desk granting mailbox access)."""
    return Section(
        key="tasks",
        title="Tasks assigned to me",
        empty_text="No tasks are assigned to you.",
    )
