"""The CSV download holds exactly what the compliance page shows, and is audited."""

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from kernel.roles import RoleKey

PAGE = reverse("declarations:compliance")
EXPORT = reverse("declarations:compliance_export")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_day")]


class _Tables(HTMLParser):
    """The text of each cell of each <table> on a page, row by row."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def csv_sections(content: bytes) -> dict[str, list[list[str]]]:
    """The CSV's sections by heading: the rows between one blank line and the next."""
    rows = list(csv.reader(io.StringIO(content.decode())))
    sections, current = {"": []}, ""
    for row in rows:
        if not row:
            current = None
        elif current is None:
            current = row[0]
            sections[current] = []
        else:
            sections[current].append(row)
    return sections


def as_shown(row: list[str]) -> list[str]:
    """A CSV figures row written the way the page writes it (percent sign, dash for none)."""
    label, people, good, percent, middle, bad = row
    return [label, people, good, f"{percent}%" if percent else "–", middle, bad]


def download(client, params):
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="declarations-compliance-')
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "params",
    [{}, {"status": "outstanding"}, {"cycle": "2025"}, {"team": "alpha", "status": "due_soon"}],
    ids=["overdue", "outstanding", "past-cycle", "one-team-due-soon"],
)
def test_the_csv_holds_the_same_tables_and_people_as_the_page(org, role_holder, mfa_client, params):
    client = mfa_client(role_holder(RoleKey.CHIEF_EXECUTIVE))
    if params.get("team") == "alpha":
        params = {**params, "team": org.alpha.pk}
    page = page_tables(client.get(PAGE, params).text)
    sections = csv_sections(download(client, params))

    kind_table, team_table, type_table, people_table = page
    tables = [("By declaration", kind_table), ("By team", team_table), ("By staff type", type_table)]
    for heading, table in tables:
        header, *rows = sections[heading]
        assert header == table[0]
        assert [as_shown(row) for row in rows] == table[1:]
    header, *people = sections[list(sections)[-1]]  # the people listed come last
    assert header == ["Name", "Email", "Team", "Staff type", "Line manager", "Declaration", "Due", "Days overdue"]
    assert len(people) == len(people_table) - 1
    for row, shown in zip(people, people_table[1:], strict=True):
        name, email, team, staff_type, manager, kind, due, days = row
        assert shown[0] == f"{name} {email}"
        assert shown[1] == f"{team} {staff_type}"
        assert shown[2] == (manager or "–")
        assert shown[3] == kind
        assert dt.date.fromisoformat(due).strftime("%-d %b %Y") in shown[4]
        if days:
            assert shown[5] == days
        else:
            assert shown[5].startswith("Not overdue")


def test_the_csv_says_what_it_covers(org, role_holder, mfa_client):
    client = mfa_client(role_holder(RoleKey.AUDITOR, full_name="Zoe Auditor"))
    about = {row[0]: row[1:] for row in csv_sections(download(client, {"cycle": "2025"}))[""]}

    assert about["Covers"] == ["Everyone"]
    assert about["Cycle"] == ["Declarations due in 2025"]
    assert about["Team"] == ["All teams"]
    assert about["Figures on"] == ["2026-06-15"]
    assert about["Prepared by"][0] == "Zoe Auditor"


def test_a_line_manager_downloads_only_their_reports(org, mfa_client):
    content = download(mfa_client(org.people["Mia"]), {"status": "outstanding"})

    text = content.decode()
    assert "Gus Example" in text and "Cal Example" in text
    assert "Eve Example" not in text and "Dee Example" not in text
    assert "The people who report to Mia Example" in text


def test_every_download_is_audited(org, role_holder, mfa_client):
    chief = role_holder(RoleKey.CHIEF_EXECUTIVE)
    download(mfa_client(chief), {"kind": org.annual.pk})

    event = AuditEvent.objects.get(action="compliance.exported")
    assert event.actor == chief
    assert event.details["filters"]["declaration"] == "Annual policy declaration"
    assert event.details["people_listed"] == 2


def test_a_name_that_looks_like_a_formula_is_written_as_text(org, role_holder, mfa_client):
    gus = org.people["Gus"]
    gus.full_name = "=HYPERLINK(1)"
    gus.save()

    content = download(mfa_client(role_holder(RoleKey.ADMINISTRATOR)), {})
    assert "'=HYPERLINK(1)" in content.decode()


def test_bad_filters_send_the_person_back_to_the_page(org, role_holder, mfa_client):
    response = mfa_client(role_holder(RoleKey.ADMINISTRATOR)).get(EXPORT, {"cycle": "1999"})
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?cycle=1999"
    assert not AuditEvent.objects.filter(action="compliance.exported").exists()


def test_staff_without_reports_cannot_download(org, mfa_client):
    assert mfa_client(org.people["Ann"]).get(EXPORT).status_code == 403
