from django.urls import reverse

from kernel.dashboard import Section, dashboard_section

from .authorizers import can_retry_records
from .selectors import records_needing_attention


@dashboard_section
def records_needing_attention_section(user):
    """For administrators, only while some signed record could not be produced."""
    if not can_retry_records(user):
        return None
    records = list(records_needing_attention()[:5])
    if not records:
        return None
    return Section(
        key="records-attention",
        title="Signed records that need attention",
        empty_text="",
        items=[
            {
                "url": reverse("records:failed"),
                "title": f"{record.reference}: {record.title}",
                "detail": "failed" if record.status == record.Status.FAILED else "still waiting",
            }
            for record in records
        ],
        more_url=reverse("records:failed"),
        more_label="All records that need attention",
    )
