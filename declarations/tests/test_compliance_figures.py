"""Compliance figures against the organisation counted by hand in compliance_org.py."""

import datetime as dt

import pytest

from declarations.compliance import (
    DUE_SOON,
    OUTSTANDING,
    ComplianceFilters,
    compliance_outstanding,
    compliance_summary,
    compliance_years,
    outstanding_rows,
    people_visible_to,
)
from declarations.models import Requirement
from declarations.requirements import standings_refresh
from declarations.tests.compliance_org import TODAY
from declarations.tests.factories import RequirementFactory
from staff.models import StaffType

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(org, chief_executive):
    """The chief executive, who joins after the hand-counted organisation."""
    return chief_executive


def figures(tally):
    return (tally.people, tally.compliant, tally.percent, tally.due_soon, tally.overdue)


def cycle_figures(tally):
    return (tally.due, tally.on_time, tally.percent, tally.late, tally.not_signed)


def by_label(tallies):
    return {t.label: t for t in tallies}


def test_counts_each_declaration_for_everyone(org, chief):
    summary = compliance_summary(viewer=chief, filters=ComplianceFilters(), today=TODAY)

    kinds = by_label(summary.by_kind)
    assert figures(kinds["Annual policy declaration"]) == (8, 6, 75, 2, 2)
    assert figures(kinds["Mobile-device declaration"]) == (5, 4, 80, 2, 1)


def test_counts_each_person_once_overall_and_by_team_and_staff_type(org, chief):
    summary = compliance_summary(viewer=chief, filters=ComplianceFilters(), today=TODAY)

    assert figures(summary.overall) == (8, 5, 62, 2, 3)
    assert [t.label for t in summary.by_team] == ["Alpha", "Beta"]
    teams = by_label(summary.by_team)
    assert figures(teams["Alpha"]) == (5, 3, 60, 1, 2)
    assert figures(teams["Beta"]) == (3, 2, 66, 1, 1)
    assert [t.label for t in summary.by_staff_type] == ["Permanent", "Contractor"]
    types = by_label(summary.by_staff_type)
    assert figures(types["Permanent"]) == (6, 4, 66, 1, 2)
    assert figures(types["Contractor"]) == (2, 1, 50, 1, 1)


def test_applies_the_filters(org, chief):
    device_in_beta = ComplianceFilters(kind=org.device, team=org.beta)
    summary = compliance_summary(viewer=chief, filters=device_in_beta, today=TODAY)

    assert [t.label for t in summary.by_kind] == ["Mobile-device declaration"]
    assert figures(summary.by_kind[0]) == (2, 2, 100, 0, 0)  # Eve signed, Dee due in 15 days
    assert figures(summary.overall) == (2, 2, 100, 0, 0)

    contractors = ComplianceFilters(staff_type=StaffType.CONTRACTOR)
    summary = compliance_summary(viewer=chief, filters=contractors, today=TODAY)
    assert figures(summary.overall) == (2, 1, 50, 1, 1)
    assert figures(by_label(summary.by_kind)["Annual policy declaration"]) == (2, 1, 50, 1, 1)


def test_leaves_out_kinds_no_longer_used(org, chief):
    org.device.active = False
    org.device.save()
    # As switching a kind off does once it commits (services.kind_update refreshes everyone).
    standings_refresh(today=TODAY)

    summary = compliance_summary(viewer=chief, filters=ComplianceFilters(), today=TODAY)

    assert [t.label for t in summary.by_kind] == ["Annual policy declaration"]
    assert figures(summary.overall) == (8, 6, 75, 2, 2)


def test_lists_overdue_declarations_with_days_overdue_most_overdue_first(org, chief):
    requirements = compliance_outstanding(viewer=chief, filters=ComplianceFilters(), today=TODAY)

    listed = [
        (row.person.full_name, row.requirement.kind.name, row.days_overdue)
        for row in outstanding_rows(requirements, TODAY)
    ]
    assert listed == [
        ("Gus Example", "Annual policy declaration", 440),
        ("Bob Example", "Mobile-device declaration", 3),
        ("Eve Example", "Annual policy declaration", 1),
    ]


def test_lists_declarations_due_soon_or_not_yet_signed(org, chief):
    soon = compliance_outstanding(viewer=chief, filters=ComplianceFilters(status=DUE_SOON), today=TODAY)
    assert [(r.user.full_name, r.kind.name) for r in soon] == [
        ("Gus Example", "Mobile-device declaration"),
        ("Dee Example", "Annual policy declaration"),
        ("Cal Example", "Annual policy declaration"),
        ("Cal Example", "Mobile-device declaration"),
    ]
    outstanding = compliance_outstanding(
        viewer=chief, filters=ComplianceFilters(status=OUTSTANDING), today=TODAY
    )
    assert outstanding.count() == 3 + 4 + 2  # overdue, due soon, Ann in July and Dee's device


def test_a_past_cycle_shows_what_became_of_the_declarations_due_that_year(org, chief):
    summary = compliance_summary(viewer=chief, filters=ComplianceFilters(year=2025), today=TODAY)

    assert cycle_figures(by_label(summary.by_kind)["Annual policy declaration"]) == (5, 3, 60, 1, 1)
    assert cycle_figures(by_label(summary.by_kind)["Mobile-device declaration"]) == (1, 1, 100, 0, 0)
    assert cycle_figures(summary.overall) == (6, 4, 66, 1, 1)
    teams = by_label(summary.by_team)
    assert cycle_figures(teams["Alpha"]) == (4, 2, 50, 1, 1)  # Ann, Cal on time; Bob late; Gus
    assert cycle_figures(teams["Beta"]) == (2, 2, 100, 0, 0)  # Fay (now left) and Hal

    never = compliance_outstanding(viewer=chief, filters=ComplianceFilters(year=2025), today=TODAY)
    assert [(r.user.full_name, r.due_date.isoformat()) for r in never] == [("Gus Example", "2025-04-01")]


def test_the_years_on_offer_are_those_with_declarations_due(org, chief):
    assert compliance_years(chief) == [2026, 2025]
    assert compliance_years(org.people["Mia"]) == [2026, 2025]
    assert compliance_years(org.people["Ann"]) == []  # nobody reports to her


def test_the_years_on_offer_run_from_the_first_due_date_to_the_last(org, chief):
    RequirementFactory(user=org.people["Gus"], kind=org.annual, cycle_key="2022",
                       due_date=dt.date(2022, 4, 1), status=Requirement.Status.SIGNED)  # fmt: skip
    # Replaced, so not counted in any cycle: no year of its own.
    RequirementFactory(user=org.people["Eve"], kind=org.annual, cycle_key="2020",
                       due_date=dt.date(2020, 4, 1), status=Requirement.Status.SUPERSEDED)  # fmt: skip

    assert compliance_years(chief) == [2026, 2025, 2024, 2023, 2022]
    assert compliance_years(org.people["Mia"]) == [2026, 2025, 2024, 2023, 2022]


def test_no_years_are_on_offer_before_any_declaration_is_owed(db, chief_executive):
    assert compliance_years(chief_executive) == []


def test_a_line_manager_sees_their_reports_direct_and_indirect_and_nobody_else(org):
    mia = org.people["Mia"]

    assert set(people_visible_to(mia)) == {org.people[n] for n in ("Ann", "Bob", "Cal", "Gus")}
    summary = compliance_summary(viewer=mia, filters=ComplianceFilters(), today=TODAY)
    kinds = by_label(summary.by_kind)
    assert figures(kinds["Annual policy declaration"]) == (4, 3, 75, 1, 1)
    assert figures(kinds["Mobile-device declaration"]) == (3, 2, 66, 2, 1)
    assert figures(summary.overall) == (4, 2, 50, 1, 2)
    assert [t.label for t in summary.by_team] == ["Alpha"]
    overdue = compliance_outstanding(viewer=mia, filters=ComplianceFilters(), today=TODAY)
    assert {r.user.full_name for r in overdue} == {"Gus Example", "Bob Example"}
    past = compliance_summary(viewer=mia, filters=ComplianceFilters(year=2025), today=TODAY)
    assert cycle_figures(past.overall) == (4, 2, 50, 1, 1)


def test_a_manager_lower_down_sees_only_their_own_branch(org):
    bob = org.people["Bob"]

    assert set(people_visible_to(bob)) == {org.people["Cal"], org.people["Gus"]}
    summary = compliance_summary(viewer=bob, filters=ComplianceFilters(), today=TODAY)
    assert figures(summary.overall) == (2, 1, 50, 1, 1)  # Cal due soon, Gus overdue


def test_a_loop_in_the_reporting_lines_does_not_hang(org):
    mia, gus = org.people["Mia"], org.people["Gus"]
    mia.line_manager = gus
    mia.save()

    assert mia in set(people_visible_to(gus))
    assert set(people_visible_to(mia)) >= {org.people["Ann"], gus}


def test_someone_without_reports_sees_nobody(org):
    assert not people_visible_to(org.people["Ann"]).exists()
    summary = compliance_summary(viewer=org.people["Ann"], filters=ComplianceFilters(), today=TODAY)
    assert figures(summary.overall) == (0, 0, None, 0, 0)
