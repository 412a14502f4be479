from django.urls import reverse

from portal.dashboard import Section, dashboard_section


@dashboard_section
def declarations_due(user):
    """Declarations this person must sign (filled in by the declarations feature)."""
    return Section(
        key="declarations",
        title="Declarations to sign",
        empty_text="You have no declarations to sign.",
        more_url=reverse("declarations:index"),
        more_label="All my declarations",
    )
