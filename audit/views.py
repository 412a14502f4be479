"""The audit trail pages: the filtered list of events, one event, the CSV export."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kernel.access import role_required

from . import selectors, services
from .authorizers import AUDIT_READERS
from .display import audit_csv_lines
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _filter_query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@role_required(*AUDIT_READERS)
def event_list(request):
    """The audit trail, newest first, filtered by person, action, dates and target."""
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        events = selectors.audit_events_filtered(form.cleaned_data)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(form.used_filters()),
            "query_string": _filter_query_string(request),
        },
    )


@role_required(*AUDIT_READERS)
def event_detail(request, pk: int):
    """Everything recorded about one event, its place in the chain included."""
    event = selectors.get_audit_event_for_user(request.user, pk)
    return render(
        request,
        "audit/event_detail.html",
        {
            "event": event,
            "hash_matches": event.compute_hash() == event.hash,
            **selectors.audit_event_neighbours(event),
        },
    )


@role_required(*AUDIT_READERS)
def event_export(request):
    """The filtered events as a CSV download; the export itself is audited."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('audit:event_list')}?{_filter_query_string(request)}")
    events, _rows = services.audit_events_export(
        filters=form.cleaned_data,
        used_filters=form.used_filters(),
        actor=request.user,
        request=request,
    )
    response = StreamingHttpResponse(audit_csv_lines(events), content_type="text/csv; charset=utf-8")
    filename = timezone.localtime().strftime("audit-trail-%Y-%m-%d-%H%M.csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
