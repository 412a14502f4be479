"""The compliance page: figures, chart, people overdue, CSV download and signed report.

The figures come from ``declarations.compliance``; the chart and the CSV file are drawn here.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kernel.access import role_required, uses_role
from kernel.csvexport import csv_lines
from kernel.roles import RoleKey
from staff.models import User

from . import services
from .compliance import (
    COMPLIANCE_READERS,
    PEOPLE_COLUMNS,
    ComplianceFilters,
    ComplianceSummary,
    compliance_outstanding,
    compliance_summary,
    compliance_years,
    outstanding_rows,
    people_heading,
    person_cells,
    scope_label,
    sees_everyone,
    summary_tables,
    tally_cells,
)
from .forms import ComplianceFilterForm

PAGE_SIZE = 50

compliance_access = role_required(*COMPLIANCE_READERS, line_manager=True)


def _filter_form(request: HttpRequest) -> ComplianceFilterForm:
    params = request.GET.copy()
    params.pop("page", None)
    return ComplianceFilterForm(params or None, years=compliance_years(request.user))


def _filters(form: ComplianceFilterForm) -> ComplianceFilters:
    """The filters of a valid form; the page as it first opens without one."""
    return form.filters() if form.is_bound else ComplianceFilters()


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@compliance_access
def compliance(request: HttpRequest) -> HttpResponse:
    """Who has signed what, for the people this person may see."""
    form = _filter_form(request)
    context = {
        "form": form,
        "query_string": _query_string(request),
        "covers": scope_label(request.user),
        "sees_everyone": sees_everyone(request.user),
        "may_extend": uses_role(request.user, RoleKey.ADMINISTRATOR),
    }
    if not form.is_bound or form.is_valid():
        filters = _filters(form)
        today = timezone.localdate()
        summary = compliance_summary(viewer=request.user, filters=filters, today=today)
        requirements = compliance_outstanding(viewer=request.user, filters=filters, today=today)
        page = Paginator(requirements, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            summary=summary,
            tables=[{**table, "chart": bar_chart(table)} for table in summary_tables(summary)],
            page=page,
            rows=outstanding_rows(page.object_list, today),
            people_heading=people_heading(filters),
        )
    return render(request, "declarations/compliance.html", context)


@compliance_access
def compliance_export(request: HttpRequest) -> HttpResponse:
    """The page as a CSV file: the same filters, its tables and every person listed."""
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('declarations:compliance')}?{_query_string(request)}")
    filters = _filters(form)
    now = timezone.now()
    today = timezone.localdate(now)
    summary = compliance_summary(viewer=request.user, filters=filters, today=today)
    requirements = compliance_outstanding(viewer=request.user, filters=filters, today=today)
    services.compliance_export_audit(
        viewer=request.user, summary=summary, rows=requirements.count(), request=request
    )
    rows = compliance_csv_rows(
        viewer=request.user, summary=summary, requirements=requirements, prepared_at=now
    )
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    name = timezone.localtime(now).strftime("declarations-compliance-%Y-%m-%d-%H%M.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@compliance_access
@require_POST
def compliance_report(request: HttpRequest) -> HttpResponse:
    """Ask for a signed PDF of the figures now; it is made in the background."""
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Correct the filters before asking for a report.")
        return redirect(f"{reverse('declarations:compliance')}?{_query_string(request)}")
    record = services.compliance_report_create(
        viewer=request.user, filters=_filters(form), request=request
    )
    messages.success(
        request,
        f"Report {record.reference} created. It is signed in the background, usually within "
        "a minute, and you will also find it under My records.",
    )
    return redirect(record)


# --- the CSV file -----------------------------------------------------------------------


def compliance_csv_rows(
    *, viewer: User, summary: ComplianceSummary, requirements, prepared_at: dt.datetime
):
    """The page as CSV rows: what it covers, its three tables, then every person listed."""
    filters = summary.filters
    yield ["Declarations compliance"]
    yield ["Covers", scope_label(viewer)]
    for key, value in filters.described().items():
        yield [key.replace("_", " ").capitalize(), value]
    yield ["Figures on", summary.today.isoformat()]
    yield [
        "Prepared by",
        viewer.full_name,
        timezone.localtime(prepared_at).isoformat(timespec="seconds"),
    ]
    for table in summary_tables(summary):
        yield []
        yield [table["heading"]]
        yield [table["first"], *summary.columns]
        for tally in [*table["rows"], table["total"]]:
            yield [tally.label, *tally_cells(tally)]
    yield []
    yield [people_heading(filters)]
    yield PEOPLE_COLUMNS
    for row in outstanding_rows(requirements.iterator(chunk_size=2000), summary.today):
        yield person_cells(row)


# --- the bar chart, drawn as SVG on the server ------------------------------------------

CHART_WIDTH = 720
BAR_WIDTH = 600
ROW_HEIGHT = 46
BAR_HEIGHT = 18
LABEL_HEIGHT = 18
TOP = 8


def bar_chart(table: dict) -> dict:
    """Geometry of a horizontal stacked bar per row, for the SVG template.

    Each bar is as long as its group's whole and split into the parts of
    ``Tally.segments()``; the percentage is written at its end.
    """
    bars = []
    for index, tally in enumerate(table["rows"]):
        y = TOP + index * ROW_HEIGHT
        whole = sum(count for _, count in tally.segments())
        x, parts = 0.0, []
        for key, count in tally.segments():
            if count:
                width = BAR_WIDTH * count / whole
                parts.append(
                    {"key": key, "x": round(x, 2), "width": round(width, 2), "count": count}
                )
                x += width
        percent = tally.percent
        bars.append(
            {
                "label": tally.label,
                "label_y": y + 13,
                "bar_y": y + LABEL_HEIGHT + 2,
                "text_y": y + LABEL_HEIGHT + 15,
                "parts": parts,
                "empty": not whole,
                "percent": "–" if percent is None else f"{percent}%",
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": TOP * 2 + len(bars) * ROW_HEIGHT,
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "percent_x": BAR_WIDTH + 10,
    }
