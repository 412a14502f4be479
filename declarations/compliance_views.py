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
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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
    lowest_compliance,
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

# A large force has hundreds of teams: the by-team chart and table first show the teams
# with the lowest compliance, and all of them on request (``?teams=all``).
TEAMS_SHOWN = 25
ALL_TEAMS = "all"

compliance_access = role_required(*COMPLIANCE_READERS, line_manager=True)


def _filter_form(request: HttpRequest) -> ComplianceFilterForm:
    params = _params(request)
    return ComplianceFilterForm(params or None, years=compliance_years(request.user))


def _filters(form: ComplianceFilterForm) -> ComplianceFilters:
    """The filters of a valid form; the page as it first opens without one."""
    return form.filters() if form.is_bound else ComplianceFilters()


def _params(request: HttpRequest, *, keep_teams: bool = False):
    """The filters asked for, without the page of the list (nor, unless ``keep_teams``,
    whether every team is shown)."""
    params = request.GET.copy()
    params.pop("page", None)
    if not keep_teams:
        params.pop("teams", None)
    return params


def _query_string(request: HttpRequest, *, keep_teams: bool = False) -> str:
    return _params(request, keep_teams=keep_teams).urlencode()


def _shown_tables(summary: ComplianceSummary, *, all_teams: bool) -> list[dict]:
    """The page's tables with their charts. By team, when there are more than
    ``TEAMS_SHOWN`` and not all were asked for, only those with the lowest compliance:
    a chart of hundreds of bars says nothing, and the total row still counts every team."""
    tables = summary_tables(summary)
    for table in tables:
        table["count"] = len(table["rows"])
        table["collapsible"] = table["key"] == "team" and table["count"] > TEAMS_SHOWN
        if table["collapsible"] and not all_teams:
            table["rows"] = lowest_compliance(table["rows"], TEAMS_SHOWN)
        table["chart"] = bar_chart(table)
        table["rows_html"] = figure_rows_html(table["rows"])
        table["total_html"] = figure_rows_html([table["total"]])
    return tables


@compliance_access
def compliance(request: HttpRequest) -> HttpResponse:
    """Who has signed what, for the people this person may see."""
    form = _filter_form(request)
    all_teams = request.GET.get("teams") == ALL_TEAMS
    context = {
        "form": form,
        "query_string": _query_string(request),
        # The pages of the list of people keep the table of every team open.
        "people_query_string": _query_string(request, keep_teams=True),
        "all_teams": all_teams,
        "teams_shown": TEAMS_SHOWN,
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
            tables=_shown_tables(summary, all_teams=all_teams),
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


# --- the tables and the bar chart, written on the server --------------------------------
#
# The rows of the tables and the bars of the chart are written here rather than through
# the template engine, as ``kernel.widgets.QuickSelect`` writes options: the page of a
# large force has hundreds of teams, and each row through its own template loop cost
# about a quarter of a millisecond.


def figure_rows_html(tallies: list) -> SafeString:
    """Table rows of figures: the group's name, then its cells, a dash for a percentage
    of nobody."""
    rows = [f'<tr><th scope="row">{escape(t.label)}</th>{_cells_html(t)}</tr>' for t in tallies]
    return mark_safe("\n".join(rows))  # noqa: S308 - the names are escaped, the rest are numbers


def _cells_html(tally) -> str:
    cells = tally.cells()
    shown = ["–" if cell is None else cell for cell in cells]
    if cells[2] is not None:
        shown[2] = f"{cells[2]}%"  # the third column is the percentage
    return "".join(f'<td class="text-end">{cell}</td>' for cell in shown)


BAR_FILLS = {"ok": "#1e7a3c", "soon": "#a65f00", "bad": "#b3261e"}

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
    chart = {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": TOP * 2 + len(bars) * ROW_HEIGHT,
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "percent_x": BAR_WIDTH + 10,
    }
    chart["svg"] = _bars_svg(chart)
    return chart


def _bars_svg(chart: dict) -> SafeString:
    """The SVG of the chart's bars: each its label, a grey track, its parts and percentage."""
    svg, height = [], chart["bar_height"]
    for bar in chart["bars"]:
        y = bar["bar_y"]
        svg.append(
            f'<text x="0" y="{bar["label_y"]}" font-size="14" fill="#1b1f27">'
            f"{escape(bar['label'])}</text>"
            f'<rect x="0" y="{y}" width="{chart["bar_width"]}" height="{height}" fill="#e7e9ef"/>'
        )
        svg.extend(
            f'<rect class="bar-{part["key"]}" x="{part["x"]}" y="{y}" width="{part["width"]}" '
            f'height="{height}" fill="{BAR_FILLS[part["key"]]}" stroke="#ffffff" stroke-width="1"/>'
            for part in bar["parts"]
        )
        svg.append(
            f'<text x="{chart["percent_x"]}" y="{bar["text_y"]}" font-size="14" '
            f'font-weight="700" fill="#1b1f27">{bar["percent"]}</text>'
        )
    return mark_safe("\n".join(svg))  # noqa: S308 - the names are escaped, the rest are numbers
