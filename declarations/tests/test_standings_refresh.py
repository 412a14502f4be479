"""Each person's standing per kind and across kinds, kept in step with their requirements."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from declarations.models import Requirement, Standing
from declarations.requirements import requirements_refresh, standings_refresh
from declarations.services import declaration_sign, requirement_extend
from declarations.tests.factories import (
    DeclarationKindFactory,
    PolicyVersionFactory,
    RequirementFactory,
    StatementFactory,
)
from devices.tests.factories import DeviceFactory
from staff.services import staff_update
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def kind(**fields):
    made = DeclarationKindFactory(**fields)
    PolicyVersionFactory(policy=made.policy)
    StatementFactory(kind=made)
    return made


def standings(person) -> dict:
    """The person's standings as {kind name or None: due date}."""
    rows = Standing.objects.filter(user=person).select_related("kind")
    return {row.kind.name if row.kind else None: row.due_on for row in rows}


def test_a_person_stands_per_kind_by_what_they_owe_and_across_kinds_by_the_earliest():
    annual, procedures = kind(name="Annual"), kind(name="Procedures")
    person = UserFactory()
    RequirementFactory(user=person, kind=annual, due_date=dt.date(2026, 7, 1))
    RequirementFactory(
        user=person, kind=procedures, due_date=dt.date(2026, 5, 1), extended_to=dt.date(2026, 6, 20)
    )

    assert standings(person) == {
        "Annual": dt.date(2026, 7, 1),
        "Procedures": dt.date(2026, 6, 20),
        None: dt.date(2026, 6, 20),
    }


def test_a_signed_declaration_stands_with_nothing_owed_and_replaced_or_lapsed_ones_not_at_all():
    annual, procedures = kind(name="Annual"), kind(name="Procedures")
    signer, replaced = UserFactory(), UserFactory()
    RequirementFactory(user=signer, kind=annual, status=Requirement.Status.SIGNED)
    RequirementFactory(user=replaced, kind=annual, status=Requirement.Status.SUPERSEDED)
    RequirementFactory(user=replaced, kind=procedures, status=Requirement.Status.LAPSED)

    assert standings(signer) == {"Annual": None, None: None}
    assert standings(replaced) == {}


def test_only_the_kinds_audience_stands_even_with_a_declaration_signed_before():
    team, other = TeamFactory(), TeamFactory()
    alpha_only = kind(name="Alpha only", audience_everyone=False)
    alpha_only.audience_teams.set([team])
    mobile = kind(name="Mobile", audience_everyone=False, device_kinds_held=["phone"])
    moved, stayed = UserFactory(team=other), UserFactory(team=team)
    for person in (moved, stayed):
        RequirementFactory(user=person, kind=alpha_only, status=Requirement.Status.SIGNED)
        RequirementFactory(user=person, kind=mobile, status=Requirement.Status.SIGNED)

    assert standings(moved) == {}
    assert standings(stayed) == {"Alpha only": None, None: None}


def test_running_it_again_changes_nothing_and_it_mends_what_drifted():
    annual = kind(name="Annual")
    people = UserFactory.create_batch(3)
    for person in people:
        RequirementFactory(user=person, kind=annual, due_date=dt.date(2026, 7, 1))
    assert standings_refresh() == 0

    Standing.objects.filter(user=people[0]).delete()
    Standing.objects.filter(user=people[1], kind=annual).update(due_on=dt.date(2030, 1, 1))
    Standing.objects.create(user=people[2], kind=kind(name="Unused"), due_on=TODAY)

    assert standings_refresh() == 4  # two rows back, one put right, one removed
    for person in people:
        assert standings(person) == {"Annual": dt.date(2026, 7, 1), None: dt.date(2026, 7, 1)}


def test_a_refresh_of_some_people_leaves_the_others_alone():
    annual = kind(name="Annual")
    mine, theirs = UserFactory(), UserFactory()
    for person in (mine, theirs):
        RequirementFactory(user=person, kind=annual, due_date=dt.date(2026, 7, 1))
    Standing.objects.all().delete()

    standings_refresh(users=[mine])

    assert standings(mine) == {"Annual": dt.date(2026, 7, 1), None: dt.date(2026, 7, 1)}
    assert standings(theirs) == {}


def test_a_kind_switched_off_stands_no_more_once_refreshed():
    annual, old = kind(name="Annual"), kind(name="Old")
    person = UserFactory()
    RequirementFactory(user=person, kind=annual, due_date=dt.date(2026, 7, 1))
    RequirementFactory(user=person, kind=old, due_date=dt.date(2026, 6, 1))
    old.active = False
    old.save()

    standings_refresh()

    assert standings(person) == {"Annual": dt.date(2026, 7, 1), None: dt.date(2026, 7, 1)}


def test_signing_and_more_time_change_the_standing_at_once(admin_user):
    annual = kind(name="Annual")
    person, other = UserFactory(), UserFactory()
    owed = RequirementFactory(user=person, kind=annual, due_date=dt.date(2026, 6, 1))
    late = RequirementFactory(user=other, kind=annual, due_date=dt.date(2026, 6, 1))

    declaration_sign(
        requirement=owed, user=person, statements_confirmed=[s.pk for s in annual.statements.all()],
        typed_name=person.full_name, answers={}, request=None,
    )  # fmt: skip
    requirement_extend(
        requirement=late,
        actor=admin_user,
        until=dt.date(2026, 7, 31),
        reason="Long-term sick leave",
    )

    assert standings(person) == {"Annual": None, None: None}
    assert standings(other) == {"Annual": dt.date(2026, 7, 31), None: dt.date(2026, 7, 31)}


def test_a_move_to_another_team_follows_once_it_commits(
    admin_user, django_capture_on_commit_callbacks
):
    alpha, beta = TeamFactory(), TeamFactory()
    alpha_only = kind(name="Alpha only", audience_everyone=False)
    alpha_only.audience_teams.set([alpha])
    person = UserFactory(team=alpha)
    requirements_refresh()
    assert set(standings(person)) == {"Alpha only", None}

    with django_capture_on_commit_callbacks(execute=True):
        staff_update(user=person, actor=admin_user, team=beta)

    assert standings(person) == {}
    assert Requirement.objects.get(user=person).status == Requirement.Status.LAPSED


def test_a_phone_issued_without_the_register_stands_after_the_nightly_refresh():
    mobile = kind(name="Mobile", audience_everyone=False, device_kinds_held=["phone"])
    person = UserFactory()
    RequirementFactory(user=person, kind=mobile, status=Requirement.Status.SIGNED)
    assert standings(person) == {}

    DeviceFactory(issued=True, holder=person, kind="phone", issued_on=dt.date(2026, 1, 1))
    requirements_refresh()

    assert "Mobile" in standings(person)
