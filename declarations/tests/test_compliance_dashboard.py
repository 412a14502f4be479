"""The compliance dashboard: who may open it, what each viewer sees, filters and cycles."""


import pytest
from django.urls import reverse

from declarations import compliance_views
from kernel.roles import RoleKey

URL = reverse("declarations:compliance")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_day")]


@pytest.fixture
def chief(org, chief_executive):
    """The chief executive, who joins after the hand-counted organisation."""
    return chief_executive


def test_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_refuses_staff_without_reports(org, mfa_client):
    response = mfa_client(org.people["Ann"]).get(URL)
    assert response.status_code == 403


@pytest.mark.parametrize("role", [RoleKey.CHIEF_EXECUTIVE, RoleKey.ADMINISTRATOR, RoleKey.AUDITOR])
def test_the_chief_executive_administrators_and_auditors_see_everyone(org, role, role_holder, mfa_client):
    viewer = role_holder(role)
    response = mfa_client(viewer).get(URL)

    assert response.status_code == 200
    assert response.context["summary"].overall.people == 8
    assert [row.person.full_name for row in response.context["rows"]] == [
        "Gus Example", "Bob Example", "Eve Example",
    ]  # fmt: skip
    assert "Everyone in the organisation" in response.text


def test_a_role_holder_without_two_factor_authentication_is_sent_to_set_it_up(org, role_holder, mfa_client):
    auditor = role_holder(RoleKey.AUDITOR, mfa=False)
    response = mfa_client(auditor).get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_required")


def test_a_line_manager_sees_only_their_reports(org, mfa_client):
    response = mfa_client(org.people["Mia"]).get(URL)

    assert response.status_code == 200
    assert response.context["summary"].overall.people == 4
    listed = [row.person.full_name for row in response.context["rows"]]
    assert listed == ["Gus Example", "Bob Example"]
    assert "Eve Example" not in response.text
    assert "Dee Example" not in response.text
    assert "report to you, directly or through their managers" in response.text


def test_a_line_manager_lower_down_does_not_see_their_own_manager_or_peers(org, mfa_client):
    response = mfa_client(org.people["Bob"]).get(URL, {"status": "outstanding"})

    listed = {row.person.full_name for row in response.context["rows"]}
    assert listed == {"Gus Example", "Cal Example"}
    assert "Ann Example" not in response.text


def test_shows_the_figures_the_chart_and_the_days_overdue(org, chief, mfa_client):
    response = mfa_client(chief).get(URL)

    text = response.text
    assert 'role="img"' in text and "<svg" in text
    assert "style=" not in text  # the Content Security Policy allows no inline styles
    assert "<caption>By team: the figures in the chart</caption>" in text
    assert '<span class="overdue-days">440</span>' in text
    # The chart draws Alpha as three parts: 2 compliant, 1 due soon, 2 overdue, of 600.
    alpha = next(bar for bar in response.context["tables"][1]["chart"]["bars"] if bar["label"] == "Alpha")
    assert [(p["key"], p["width"]) for p in alpha["parts"]] == [("ok", 240.0), ("soon", 120.0), ("bad", 240.0)]
    assert alpha["percent"] == "60%"


def test_the_filters_narrow_the_figures(org, chief, mfa_client):
    response = mfa_client(chief).get(
        URL, {"kind": org.device.pk, "team": org.alpha.pk, "status": "due_soon"}
    )

    summary = response.context["summary"]
    assert [t.label for t in summary.by_kind] == ["Mobile-device declaration"]
    assert (summary.overall.people, summary.overall.overdue) == (3, 1)
    assert [row.person.full_name for row in response.context["rows"]] == ["Gus Example", "Cal Example"]


def test_with_many_teams_it_shows_those_with_the_lowest_compliance_and_all_on_request(
    org, chief, mfa_client, monkeypatch
):
    monkeypatch.setattr(compliance_views, "TEAMS_SHOWN", 1)
    client = mfa_client(chief)

    response = client.get(URL, {"status": "outstanding"})
    by_team = response.context["tables"][1]
    assert [t.label for t in by_team["rows"]] == ["Alpha"]  # 60% compliant; Beta 66%
    assert [bar["label"] for bar in by_team["chart"]["bars"]] == ["Alpha"]
    assert by_team["total"].people == 8  # the total still counts every team
    assert "<caption>By team, the 1 with the lowest compliance: the figures in the chart</caption>" in response.text
    assert '<a href="?status=outstanding&amp;teams=all#table-team-title">Show all 2 teams</a>' in response.text

    response = client.get(URL, {"status": "outstanding", "teams": "all"})
    by_team = response.context["tables"][1]
    assert [t.label for t in by_team["rows"]] == ["Alpha", "Beta"]
    assert "<caption>By team: the figures in the chart</caption>" in response.text
    assert '<a href="/declarations/compliance/?status=outstanding#table-team-title">Show only the 1 with the lowest compliance</a>' in response.text
    # The figures downloaded are the same whichever table is open.
    assert 'href="/declarations/compliance/export.csv?status=outstanding"' in response.text


def test_the_pages_of_the_list_keep_every_team_shown(org, chief, mfa_client, monkeypatch):
    monkeypatch.setattr(compliance_views, "TEAMS_SHOWN", 1)
    monkeypatch.setattr(compliance_views, "PAGE_SIZE", 1)

    response = mfa_client(chief).get(URL, {"teams": "all"})

    assert [t.label for t in response.context["tables"][1]["rows"]] == ["Alpha", "Beta"]
    assert 'href="?teams=all&amp;page=2"' in response.text


def test_the_tables_rows_and_the_charts_bars_are_escaped(org, chief, mfa_client):
    org.alpha.name = "Alpha <b>& Co</b>"
    org.alpha.save()

    text = mfa_client(chief).get(URL).text

    assert '<th scope="row">Alpha &lt;b&gt;&amp; Co&lt;/b&gt;</th>' in text
    assert '<text x="0" y="21" font-size="14" fill="#1b1f27">Alpha &lt;b&gt;&amp; Co&lt;/b&gt;</text>' in text
    assert "<b>& Co</b>" not in text


def test_a_past_cycle_remains_viewable(org, chief, mfa_client):
    response = mfa_client(chief).get(URL, {"cycle": "2025"})

    summary = response.context["summary"]
    assert summary.is_past_cycle
    assert (summary.overall.due, summary.overall.on_time, summary.overall.late) == (6, 4, 1)
    assert "Declarations due in 2025" in response.text
    assert "Signed late" in response.text
    assert [row.person.full_name for row in response.context["rows"]] == ["Gus Example"]


def test_a_cycle_that_is_not_on_offer_gives_a_clear_message_and_keeps_the_choices(org, chief, mfa_client):
    response = mfa_client(chief).get(URL, {"cycle": "1999", "team": org.beta.pk})

    assert response.status_code == 200
    assert "summary" not in response.context
    assert "There is a problem" in response.text
    assert "Select a valid choice" in response.text
    assert f'<option value="{org.beta.pk}" selected>Beta</option>' in response.text


def test_the_page_works_with_no_declarations_at_all(role_holder, mfa_client):
    admin = role_holder(RoleKey.ADMINISTRATOR)
    response = mfa_client(admin).get(URL)
    assert response.status_code == 200
    assert "Nobody here owes a declaration" in response.text
