from django.urls import reverse
from django.utils import timezone

from kernel.dashboard import Section, dashboard_section

from .selectors import outstanding_requirements
from .templatetags.declaration_tags import due_status

# My tasks shows the soonest few; My declarations lists them all.
MOST_SHOWN = 8


@dashboard_section
def declarations_due(user):
    """Declarations this person must sign, soonest due first, each one click from signing."""
    today = timezone.localdate()
    items = []
    for requirement in outstanding_requirements(user)[:MOST_SHOWN]:
        status = due_status(requirement.due, today)
        items.append(
            {
                "url": reverse("declarations:sign", args=[requirement.pk]),
                "title": f"Sign the {requirement.kind.name}",
                "detail": f"due {requirement.due.day} {requirement.due:%B %Y}",
                "badge": status["phrase"] if status["style"] != "secondary" else "",
                "badge_style": status["style"],
            }
        )
    return Section(
        key="declarations",
        title="Declarations to sign",
        empty_text="You have no declarations to sign.",
        items=items,
        more_url=reverse("declarations:index"),
        more_label="All my declarations",
    )
