"""Publishing a version: a material change makes the audience due again; another does not."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from declarations.models import Cycle, Requirement
from declarations.requirements import requirements_for_version, requirements_refresh
from declarations.tests.factories import (
    DeclarationFactory,
    DeclarationKindFactory,
    PolicyVersionFactory,
)
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
DUE = Requirement.Status.DUE
SUPERSEDED = Requirement.Status.SUPERSEDED


def on(year, month, day):
    return time_machine.travel(dt.datetime(year, month, day, 9, 0, tzinfo=LONDON), tick=False)


def publish(policy, *, on_date, **fields):
    """A version published at 10 a.m. on ``on_date``."""
    moment = dt.datetime.combine(on_date, dt.time(10), tzinfo=LONDON)
    return PolicyVersionFactory(policy=policy, published_at=moment, **fields)


@pytest.fixture
def organisation():
    """An annual kind for everyone and a fixed-date kind for Finance, on one policy, on 2 March 2026.

    Everyone already owes their first annual declaration; Sam has signed it.
    """
    with on(2026, 1, 5):
        annual = DeclarationKindFactory(cycle=Cycle.ANNUAL_FROM_LAST)
        publish(annual.policy, on_date=dt.date(2026, 1, 5))
        finance = TeamFactory(name="Finance")
        fixed = DeclarationKindFactory(
            policy=annual.policy,
            cycle=Cycle.FIXED_DATE,
            fixed_month=4,
            fixed_day=1,
            audience_everyone=False,
        )
        fixed.audience_teams.set([finance])
        people = {
            "ann": UserFactory(full_name="Ann Able", team=finance),
            "sam": UserFactory(full_name="Sam Signed"),
            "leo": UserFactory(full_name="Leo Leaver", leaving_date=dt.date(2026, 2, 27)),
        }
        requirements_refresh()
        sam_first = Requirement.objects.get(user=people["sam"], kind=annual)
        sam_first.status = Requirement.Status.SIGNED
        sam_first.save()
        DeclarationFactory(
            requirement=sam_first, signed_at=dt.datetime(2026, 1, 20, 12, tzinfo=LONDON)
        )
    with on(2026, 3, 2):
        requirements_refresh()
    return annual, fixed, people


def rows(user, kind):
    return [
        (r.cycle_key, r.due_date, r.status)
        for r in Requirement.objects.filter(user=user, kind=kind).order_by("created_at", "pk")
    ]


def test_a_material_change_makes_everyone_in_the_audience_due_within_its_grace(organisation):
    annual, fixed, people = organisation
    with on(2026, 3, 2):
        version = publish(
            annual.policy, on_date=dt.date(2026, 3, 2), material_change=True, grace_days=21
        )
        requirements_for_version(version=version)
    key = f"v{version.pk}"
    due = dt.date(2026, 3, 23)
    assert rows(people["ann"], annual) == [
        ("first", dt.date(2026, 1, 19), SUPERSEDED),
        (key, due, DUE),
    ]
    assert rows(people["sam"], annual) == [
        ("first", dt.date(2026, 1, 19), Requirement.Status.SIGNED),
        ("from:2026-01-20", dt.date(2027, 1, 20), SUPERSEDED),
        (key, due, DUE),
    ]
    assert rows(people["ann"], fixed) == [
        ("2026", dt.date(2026, 4, 1), SUPERSEDED),
        (key, due, DUE),
    ]
    assert rows(people["sam"], fixed) == []
    assert (
        Requirement.objects.get(user=people["ann"], cycle_key=key, kind=annual).version == version
    )


def test_a_leaver_is_not_asked_about_a_material_change(organisation):
    annual, _, people = organisation
    with on(2026, 3, 2):
        version = publish(annual.policy, on_date=dt.date(2026, 3, 2), material_change=True)
        requirements_for_version(version=version)
    assert not Requirement.objects.filter(user=people["leo"], status=DUE).exists()


def test_publishing_twice_changes_nothing_the_second_time(organisation):
    annual, _, _ = organisation
    with on(2026, 3, 2):
        version = publish(annual.policy, on_date=dt.date(2026, 3, 2), material_change=True)
        assert requirements_for_version(version=version) > 0
        before = list(Requirement.objects.values_list("pk", "status", "due_date"))
        assert requirements_for_version(version=version) == 0
        assert requirements_refresh() == 0
    assert list(Requirement.objects.values_list("pk", "status", "due_date")) == before


def test_a_version_that_is_not_a_material_change_asks_nothing_new(organisation):
    annual, fixed, people = organisation
    before = {p: (rows(person, annual), rows(person, fixed)) for p, person in people.items()}
    with on(2026, 3, 2):
        version = publish(annual.policy, on_date=dt.date(2026, 3, 2), material_change=False)
        requirements_for_version(version=version)
        requirements_refresh()
    after = {p: (rows(person, annual), rows(person, fixed)) for p, person in people.items()}
    assert after == before
    outstanding = Requirement.objects.filter(status=DUE)
    assert {r.version_id for r in outstanding} == {version.pk}


def test_a_per_version_kind_needs_every_new_version_material_or_not(organisation):
    annual, _, people = organisation
    per_version = DeclarationKindFactory(policy=annual.policy, cycle=Cycle.PER_VERSION)
    with on(2026, 3, 2):
        requirements_refresh()
    first_key = rows(people["ann"], per_version)[0][0]
    with on(2026, 3, 9):
        version = publish(
            annual.policy, on_date=dt.date(2026, 3, 9), material_change=False, grace_days=14
        )
        requirements_for_version(version=version)
    assert rows(people["ann"], per_version) == [
        (first_key, dt.date(2026, 3, 16), SUPERSEDED),
        (f"v{version.pk}", dt.date(2026, 3, 23), DUE),
    ]
    assert rows(people["ann"], annual) == [("first", dt.date(2026, 1, 19), DUE)]


def test_after_signing_the_material_change_the_annual_cycle_runs_from_that_signature(organisation):
    annual, _, people = organisation
    with on(2026, 3, 2):
        version = publish(annual.policy, on_date=dt.date(2026, 3, 2), material_change=True)
        requirements_for_version(version=version)
    requirement = Requirement.objects.get(user=people["ann"], kind=annual, status=DUE)
    requirement.status = Requirement.Status.SIGNED
    requirement.save()
    DeclarationFactory(
        requirement=requirement, signed_at=dt.datetime(2026, 3, 12, 12, tzinfo=LONDON)
    )
    with on(2026, 3, 13):
        requirements_refresh()
    assert rows(people["ann"], annual)[-1] == ("from:2026-03-12", dt.date(2027, 3, 12), DUE)
