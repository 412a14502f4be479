"""What each person owes, per cycle, for joiners, leavers and people who change audience."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from declarations.models import Cycle, Requirement
from declarations.requirements import kind_audience, people_in_audience, requirements_refresh
from declarations.tests.factories import (
    DeclarationFactory,
    DeclarationKindFactory,
    PolicyVersionFactory,
)
from devices.models import Device
from devices.tests.factories import DeviceFactory, PoolUserFactory
from staff.models import StaffType
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
DUE = Requirement.Status.DUE


def on(year, month, day):
    """Travel to 9 a.m. on a day, London time."""
    return time_machine.travel(dt.datetime(year, month, day, 9, 0, tzinfo=LONDON), tick=False)


def published_version(policy=None, *, on_date=dt.date(2026, 1, 5), **fields):
    moment = dt.datetime.combine(on_date, dt.time(10), tzinfo=LONDON)
    kwargs = {"policy": policy} if policy else {}
    return PolicyVersionFactory(published_at=moment, **kwargs, **fields)


def annual_kind(**fields):
    kind = DeclarationKindFactory(cycle=Cycle.ANNUAL_FROM_LAST, **fields)
    published_version(kind.policy)
    return kind


def sign(requirement, on_date):
    """The person signs ``requirement`` at noon on ``on_date``."""
    requirement.status = Requirement.Status.SIGNED
    requirement.save(update_fields=["status"])
    return DeclarationFactory(
        requirement=requirement,
        signed_at=dt.datetime.combine(on_date, dt.time(12), tzinfo=LONDON),
    )


def owed(user, kind):
    """The person's requirements of a kind as (cycle, due date, status), oldest first."""
    return [
        (r.cycle_key, r.due_date, r.status)
        for r in Requirement.objects.filter(user=user, kind=kind).order_by("created_at", "pk")
    ]


def outstanding(user, kind):
    return Requirement.objects.get(user=user, kind=kind, status=DUE)


# The first declaration


def test_asks_everyone_for_a_first_declaration_within_the_grace_period():
    kind = annual_kind(new_starter_grace_days=14)
    old_hand = UserFactory(start_date=dt.date(2015, 9, 1))
    no_start_date = UserFactory(start_date=None)
    with on(2026, 3, 2):
        made = requirements_refresh()
    assert made == 2
    assert owed(old_hand, kind) == [("first", dt.date(2026, 3, 16), DUE)]
    assert owed(no_start_date, kind) == [("first", dt.date(2026, 3, 16), DUE)]
    assert outstanding(old_hand, kind).version == kind.policy.current_version()


def test_running_it_again_changes_nothing():
    kind = annual_kind()
    people = UserFactory.create_batch(3)
    with on(2026, 3, 2):
        requirements_refresh()
    before = owed(people[0], kind)
    with on(2026, 3, 2):
        assert requirements_refresh() == 0
    with on(2026, 3, 3):
        assert requirements_refresh() == 0
    assert owed(people[0], kind) == before
    assert Requirement.objects.count() == 3


def test_a_new_starter_is_asked_on_their_first_day_with_the_new_starter_grace():
    kind = annual_kind(new_starter_grace_days=10)
    starter = UserFactory(start_date=dt.date(2026, 3, 9))
    with on(2026, 3, 2):
        requirements_refresh()
    assert owed(starter, kind) == []
    with on(2026, 3, 9):
        requirements_refresh()
    assert owed(starter, kind) == [("first", dt.date(2026, 3, 19), DUE)]


def test_a_kind_with_no_published_version_asks_nothing_yet():
    DeclarationKindFactory()
    UserFactory()
    with on(2026, 3, 2):
        assert requirements_refresh() == 0
    assert not Requirement.objects.exists()


# Annual from the last signature


def test_the_next_annual_declaration_is_due_a_year_after_the_signature():
    kind = annual_kind()
    person = UserFactory()
    with on(2026, 3, 2):
        requirements_refresh()
    sign(outstanding(person, kind), dt.date(2026, 3, 5))
    with on(2026, 3, 5):
        requirements_refresh()
        assert not Requirement.objects.filter(user=person, status=DUE).exists()
    with on(2026, 3, 6):
        requirements_refresh()
    assert owed(person, kind)[-1] == ("from:2026-03-05", dt.date(2027, 3, 5), DUE)


def test_a_signature_on_29_february_is_due_again_on_28_february():
    kind = annual_kind()
    person = UserFactory()
    with on(2028, 2, 20):
        requirements_refresh()
    sign(outstanding(person, kind), dt.date(2028, 2, 29))
    with on(2028, 3, 1):
        requirements_refresh()
    assert owed(person, kind)[-1] == ("from:2028-02-29", dt.date(2029, 2, 28), DUE)


def test_an_unsigned_annual_declaration_stays_due_however_late():
    kind = annual_kind()
    person = UserFactory()
    with on(2026, 3, 2):
        requirements_refresh()
    with on(2027, 6, 1):
        assert requirements_refresh() == 0
    assert owed(person, kind) == [("first", dt.date(2026, 3, 16), DUE)]


# A fixed date each year


def fixed_kind(month=4, day=1, **fields):
    kind = DeclarationKindFactory(
        cycle=Cycle.FIXED_DATE, fixed_month=month, fixed_day=day, **fields
    )
    published_version(kind.policy)
    return kind


def test_staff_already_here_join_the_open_cycle_on_its_date():
    kind = fixed_kind()
    person = UserFactory(start_date=dt.date(2019, 5, 1))
    with on(2026, 1, 10):
        requirements_refresh()
    assert owed(person, kind) == [("2026", dt.date(2026, 4, 1), DUE)]


def test_staff_already_here_have_at_least_the_grace_period_before_the_date():
    kind = fixed_kind(new_starter_grace_days=14)
    person = UserFactory(start_date=dt.date(2019, 5, 1))
    with on(2026, 3, 25):
        requirements_refresh()
    assert owed(person, kind) == [("2026", dt.date(2026, 4, 8), DUE)]


def test_someone_who_started_after_the_last_date_signs_within_the_new_starter_grace():
    kind = fixed_kind(new_starter_grace_days=14)
    starter = UserFactory(start_date=dt.date(2026, 5, 4))
    with on(2026, 5, 4):
        requirements_refresh()
    assert owed(starter, kind) == [("2027", dt.date(2026, 5, 18), DUE)]
    sign(outstanding(starter, kind), dt.date(2026, 5, 6))
    with on(2026, 5, 7):
        requirements_refresh()
    with on(2027, 4, 1):
        requirements_refresh()
        assert not Requirement.objects.filter(user=starter, status=DUE).exists()
    with on(2027, 4, 2):
        requirements_refresh()
    assert owed(starter, kind)[-1] == ("2028", dt.date(2028, 4, 1), DUE)


def test_the_next_year_opens_the_day_after_the_signed_years_date():
    kind = fixed_kind()
    person = UserFactory()
    with on(2026, 1, 10):
        requirements_refresh()
    sign(outstanding(person, kind), dt.date(2026, 3, 20))
    with on(2026, 3, 21):
        assert requirements_refresh() == 0
    with on(2026, 4, 1):
        assert requirements_refresh() == 0
    with on(2026, 4, 2):
        requirements_refresh()
    assert owed(person, kind)[-1] == ("2027", dt.date(2027, 4, 1), DUE)


def test_a_year_signed_late_is_followed_by_the_next_year_not_skipped():
    kind = fixed_kind()
    person = UserFactory()
    with on(2026, 1, 10):
        requirements_refresh()
    sign(outstanding(person, kind), dt.date(2026, 5, 20))
    with on(2026, 5, 21):
        requirements_refresh()
    assert owed(person, kind)[-1] == ("2027", dt.date(2027, 4, 1), DUE)


def test_an_overdue_year_stays_due_and_is_not_replaced_by_the_next():
    kind = fixed_kind()
    person = UserFactory()
    with on(2026, 1, 10):
        requirements_refresh()
    with on(2027, 4, 5):
        assert requirements_refresh() == 0
    assert owed(person, kind) == [("2026", dt.date(2026, 4, 1), DUE)]


def test_a_fixed_date_of_29_february_falls_on_the_28th_in_other_years():
    kind = fixed_kind(month=2, day=29)
    person = UserFactory()
    with on(2026, 1, 10):
        requirements_refresh()
    assert owed(person, kind) == [("2026", dt.date(2026, 2, 28), DUE)]


# Once per version


def test_a_per_version_kind_asks_for_the_current_version_within_its_grace():
    kind = DeclarationKindFactory(cycle=Cycle.PER_VERSION, new_starter_grace_days=14)
    version = published_version(kind.policy, on_date=dt.date(2026, 3, 2), grace_days=28)
    person = UserFactory()
    with on(2026, 3, 2):
        requirements_refresh()
    assert owed(person, kind) == [(f"v{version.pk}", dt.date(2026, 3, 30), DUE)]
    sign(outstanding(person, kind), dt.date(2026, 3, 10))
    with on(2026, 6, 1):
        assert requirements_refresh() == 0


def test_a_per_version_starter_has_the_new_starter_grace_when_the_versions_has_passed():
    kind = DeclarationKindFactory(cycle=Cycle.PER_VERSION, new_starter_grace_days=14)
    version = published_version(kind.policy, on_date=dt.date(2026, 1, 5), grace_days=28)
    starter = UserFactory(start_date=dt.date(2026, 6, 1))
    with on(2026, 6, 1):
        requirements_refresh()
    assert owed(starter, kind) == [(f"v{version.pk}", dt.date(2026, 6, 15), DUE)]


def test_a_new_version_replaces_the_unsigned_one_of_a_per_version_kind():
    kind = DeclarationKindFactory(cycle=Cycle.PER_VERSION)
    first = published_version(kind.policy, on_date=dt.date(2026, 1, 5))
    person = UserFactory()
    with on(2026, 1, 5):
        requirements_refresh()
    second = published_version(kind.policy, on_date=dt.date(2026, 2, 2), grace_days=10)
    with on(2026, 2, 2):
        requirements_refresh()
    assert owed(person, kind) == [
        (f"v{first.pk}", dt.date(2026, 2, 2), Requirement.Status.SUPERSEDED),
        (f"v{second.pk}", dt.date(2026, 2, 16), DUE),
    ]


# Leavers and the audience


def test_a_leavers_requirement_lapses_after_their_leaving_date_and_nothing_new_is_made():
    kind = annual_kind()
    leaver = UserFactory(leaving_date=dt.date(2026, 3, 10))
    with on(2026, 3, 2):
        requirements_refresh()
    with on(2026, 3, 10):
        requirements_refresh()
        assert outstanding(leaver, kind).status == DUE
    with on(2026, 3, 11):
        assert requirements_refresh() == 1
    requirement = Requirement.objects.get(user=leaver, kind=kind)
    assert requirement.status == Requirement.Status.LAPSED
    assert requirement.closed_at is not None
    with on(2027, 3, 11):
        assert requirements_refresh() == 0
    assert Requirement.objects.filter(user=leaver).count() == 1


def test_someone_deactivated_owes_nothing():
    kind = annual_kind()
    person = UserFactory()
    with on(2026, 3, 2):
        requirements_refresh()
        person.is_active = False
        person.save()
        requirements_refresh()
    assert owed(person, kind) == [("first", dt.date(2026, 3, 16), Requirement.Status.LAPSED)]


def test_moving_out_of_the_audience_lapses_and_coming_back_makes_it_due_again():
    finance, press = TeamFactory(name="Finance"), TeamFactory(name="Press office")
    kind = annual_kind(audience_everyone=False, new_starter_grace_days=14)
    kind.audience_teams.set([finance])
    person = UserFactory(team=finance)
    with on(2026, 3, 2):
        requirements_refresh()
    person.team = press
    person.save()
    with on(2026, 3, 5):
        requirements_refresh()
    assert owed(person, kind) == [("first", dt.date(2026, 3, 16), Requirement.Status.LAPSED)]
    person.team = finance
    person.save()
    with on(2026, 4, 20):
        assert requirements_refresh() == 1
    requirement = Requirement.objects.get(user=person, kind=kind)
    assert (requirement.status, requirement.due_date) == (DUE, dt.date(2026, 5, 4))
    assert requirement.closed_at is None


def test_handing_back_the_device_lapses_the_mobile_device_declaration():
    kind = annual_kind(device_kinds_held=["phone", "tablet"])
    holder, other = UserFactory(), UserFactory()
    phone = DeviceFactory(issued=True, holder=holder, issued_on=dt.date(2026, 1, 5))
    DeviceFactory(issued=True, holder=other, kind="laptop")
    with on(2026, 3, 2):
        requirements_refresh()
    assert owed(holder, kind) == [("first", dt.date(2026, 3, 16), DUE)]
    assert owed(other, kind) == []
    Device.objects.filter(pk=phone.pk).update(status=Device.Status.RETURNED, holder=None)
    with on(2026, 3, 3):
        requirements_refresh()
    assert owed(holder, kind)[0][2] == Requirement.Status.LAPSED


def test_a_current_user_of_an_issued_pool_phone_owes_the_mobile_device_declaration():
    kind = annual_kind(device_kinds_held=["phone"])
    with on(2026, 3, 2):
        user = PoolUserFactory().person
        PoolUserFactory(removed_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
        assert list(kind_audience(kind)) == [user]


def test_switching_a_kind_off_lapses_what_is_owed():
    kind = annual_kind()
    person = UserFactory()
    with on(2026, 3, 2):
        requirements_refresh()
    kind.active = False
    kind.save()
    with on(2026, 3, 3):
        requirements_refresh()
    assert owed(person, kind)[0][2] == Requirement.Status.LAPSED


def test_someone_who_missed_a_material_change_while_away_owes_it_on_return():
    finance, press = TeamFactory(name="Finance"), TeamFactory(name="Press office")
    kind = annual_kind(audience_everyone=False, new_starter_grace_days=14)
    kind.audience_teams.set([finance])
    person = UserFactory(team=finance)
    with on(2026, 1, 5):
        requirements_refresh()
    sign(outstanding(person, kind), dt.date(2026, 1, 6))
    person.team = press
    person.save()
    with on(2026, 2, 1):
        requirements_refresh()
    material = published_version(
        kind.policy, on_date=dt.date(2026, 2, 2), material_change=True, grace_days=28
    )
    person.team = finance
    person.save()
    with on(2026, 3, 20):
        requirements_refresh()
    assert owed(person, kind)[-1] == (f"v{material.pk}", dt.date(2026, 4, 3), DUE)


def test_only_the_given_people_are_brought_up_to_date():
    kind = annual_kind()
    chosen, other = UserFactory(), UserFactory()
    with on(2026, 3, 2):
        assert requirements_refresh(users=[chosen]) == 1
    assert owed(chosen, kind) != []
    assert owed(other, kind) == []


# The audience


def test_the_audience_narrows_by_staff_type_and_team_and_leaves_out_leavers_and_future_starters():
    finance = TeamFactory(name="Finance")
    kind = annual_kind(audience_everyone=False, audience_staff_types=[StaffType.CONTRACTOR])
    kind.audience_teams.set([finance])
    contractor = UserFactory(team=finance, staff_type=StaffType.CONTRACTOR)
    UserFactory(team=finance, staff_type=StaffType.PERMANENT)
    UserFactory(staff_type=StaffType.CONTRACTOR)
    UserFactory(team=finance, staff_type=StaffType.CONTRACTOR, leaving_date=dt.date(2026, 3, 1))
    UserFactory(team=finance, staff_type=StaffType.CONTRACTOR, start_date=dt.date(2026, 4, 1))
    with on(2026, 3, 2):
        assert list(kind_audience(kind)) == [contractor]


def test_a_kind_for_everyone_ignores_staff_types_and_teams_but_not_device_holding():
    kind = annual_kind(audience_everyone=True, audience_staff_types=[StaffType.CONTRACTOR])
    people = UserFactory.create_batch(2, staff_type=StaffType.PERMANENT)
    with on(2026, 3, 2):
        assert set(kind_audience(kind)) == set(people)
    kind.device_kinds_held = ["phone"]
    DeviceFactory(issued=True, holder=people[0], issued_on=dt.date(2026, 1, 5))
    with on(2026, 3, 2):
        assert list(kind_audience(kind)) == [people[0]]
        assert list(people_in_audience(kind, people)) == [people[0]]
        assert list(people_in_audience(kind, [people[1].pk])) == []


def test_a_device_issued_from_a_later_date_does_not_count_yet():
    kind = annual_kind(device_kinds_held=["phone"])
    person = UserFactory()
    DeviceFactory(issued=True, holder=person, issued_on=dt.date(2026, 3, 10))
    with on(2026, 3, 2):
        assert list(kind_audience(kind)) == []
    with on(2026, 3, 10):
        assert list(kind_audience(kind)) == [person]


# Cost


def test_the_number_of_queries_does_not_grow_with_the_number_of_staff():
    annual_kind()
    fixed_kind()
    DeclarationKindFactory(cycle=Cycle.PER_VERSION)
    UserFactory.create_batch(5)
    with on(2026, 3, 2), CaptureQueriesContext(connection) as few:
        requirements_refresh()
    UserFactory.create_batch(40)
    with on(2026, 3, 3), CaptureQueriesContext(connection) as many:
        requirements_refresh()
    assert Requirement.objects.count() == 45 * 2
    assert len(many) == len(few)
    with on(2026, 3, 4), CaptureQueriesContext(connection) as again:
        requirements_refresh()
    assert len(again) <= len(many)
