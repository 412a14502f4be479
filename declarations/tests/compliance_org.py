"""A small organisation whose compliance is counted by hand, for the compliance tests.

Today is Monday 15 June 2026. Two teams, two declarations:

    Mia (Alpha, permanent, manages Ann and Bob)
    ├── Ann (Alpha, permanent)
    └── Bob (Alpha, permanent, manages Cal)
        └── Cal (Alpha, permanent, manages Gus)
            └── Gus (Alpha, contractor)
    Dee (Beta, contractor)   Eve (Beta, permanent)
    Fay (Beta, permanent, left on 31 May 2026)
    Hal (Beta, permanent, handed his device back)
    Bob, Cal, Dee, Eve and Gus hold issued devices.

Annual declaration (everyone):
    Ann  due 15 Jul 2026                     compliant
    Bob  signed (due 1 Apr 2026)             compliant
    Cal  due 20 Jun 2026                     compliant, due soon
    Gus  due 1 Apr 2025, never signed        overdue 440 days
    Dee  due 6 May 2026, extended to 18 Jun  compliant, due soon
    Eve  due 14 Jun 2026                     overdue 1 day
    Mia  signed (due 1 Feb 2026)             compliant
    Hal  signed (due 1 Mar 2026)             compliant
    Fay  due 1 Jun 2026                      left: not counted now
  => 8 people, 6 compliant (75%), 2 due soon, 2 overdue

Mobile-device declaration (device holders):
    Bob due 12 Jun 2026 (overdue 3 days); Cal due 29 Jun (due soon: the 14th day);
    Eve signed; Dee due 30 Jun (15 days: not soon); Gus due 17 Jun (due soon);
    Hal signed in 2025, then handed his device back (lapsed): not in the audience now
  => 5 people, 4 compliant (80%), 2 due soon, 1 overdue

Each person once, across both:
    people Ann Bob Cal Gus Dee Eve Mia Hal = 8; overdue Gus Eve Bob = 3; compliant 5 (62%);
    due soon and not overdue anywhere: Cal, Dee = 2
    Alpha: 5 people, 3 compliant (60%), 1 due soon (Cal), 2 overdue (Bob, Gus)
    Beta:  3 people, 2 compliant (66%), 1 due soon (Dee), 1 overdue (Eve)
    Permanent: 6 people (Mia Ann Bob Cal Eve Hal), 4 compliant (66%), 1 due soon, 2 overdue
    Contractor: 2 people (Gus Dee), 1 compliant (50%), 1 due soon, 1 overdue

Declarations due in 2025:
    Annual: Ann signed 20 Mar (due 1 Apr): on time;  Bob signed 10 Apr (due 1 Apr): late;
    Cal signed 20 Apr, due 1 Apr extended to 30 Apr: on time;  Gus: not signed;
    Fay signed 25 Mar: on time (she has left since);
    Eve due 1 Jun 2025 but replaced (superseded): left out
    => 5 due, 3 on time (60%), 1 late, 1 not signed
    Mobile device: Hal signed 28 Apr (due 1 May): on time
  => 6 due, 4 on time (66%), 1 late, 1 not signed
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from declarations.models import Requirement
from declarations.tests.factories import (
    DeclarationFactory,
    DeclarationKindFactory,
    RequirementFactory,
)
from devices.tests.factories import DeviceFactory
from staff.models import StaffType
from staff.tests.factories import TeamFactory, UserFactory

TODAY = dt.date(2026, 6, 15)
LONDON = ZoneInfo("Europe/London")

DUE = Requirement.Status.DUE
SIGNED = Requirement.Status.SIGNED


@dataclass
class Organisation:
    people: dict
    annual: object
    device: object
    alpha: object
    beta: object


def _signed(user, kind, due, signed_on, cycle, **extra):
    requirement = RequirementFactory(
        user=user, kind=kind, due_date=due, cycle_key=cycle, status=SIGNED, **extra
    )
    signed_at = dt.datetime.combine(signed_on, dt.time(10, 30), tzinfo=LONDON)
    DeclarationFactory(requirement=requirement, signed_at=signed_at)
    return requirement


def _due(user, kind, due, cycle, **extra):
    return RequirementFactory(user=user, kind=kind, due_date=due, cycle_key=cycle, **extra)


def build_organisation() -> Organisation:
    alpha, beta = TeamFactory(name="Alpha"), TeamFactory(name="Beta")
    permanent, contractor = StaffType.PERMANENT, StaffType.CONTRACTOR

    def person(name, team, manager=None, staff_type=permanent, **fields):
        email = f"{name.lower()}@opcc.example.org"
        return UserFactory(full_name=f"{name} Example", email=email, team=team,
                           line_manager=manager, staff_type=staff_type, **fields)  # fmt: skip

    mia = person("Mia", alpha)
    ann = person("Ann", alpha, mia)
    bob = person("Bob", alpha, mia)
    cal = person("Cal", alpha, bob)
    gus = person("Gus", alpha, cal, contractor)
    dee = person("Dee", beta, staff_type=contractor)
    eve = person("Eve", beta)
    fay = person("Fay", beta, leaving_date=dt.date(2026, 5, 31))
    hal = person("Hal", beta)

    annual = DeclarationKindFactory(name="Annual policy declaration", order=1)
    device = DeclarationKindFactory(
        name="Mobile-device declaration", order=2, audience_everyone=False, device_kinds_held=["phone", "tablet"]
    )
    d = dt.date

    # Annual declaration: now.
    _due(ann, annual, d(2026, 7, 15), "2026")
    _signed(bob, annual, d(2026, 4, 1), d(2026, 3, 1), "2026")
    _due(cal, annual, d(2026, 6, 20), "2026")
    _due(dee, annual, d(2026, 5, 6), "2026", extended_to=d(2026, 6, 18))
    _due(eve, annual, d(2026, 6, 14), "2026")
    _signed(mia, annual, d(2026, 2, 1), d(2026, 1, 15), "2026")
    _signed(hal, annual, d(2026, 3, 1), d(2026, 2, 20), "2026")
    _due(fay, annual, d(2026, 6, 1), "2026")

    # Annual declaration: due in 2025.
    _signed(ann, annual, d(2025, 4, 1), d(2025, 3, 20), "2025")
    _signed(bob, annual, d(2025, 4, 1), d(2025, 4, 10), "2025")
    _signed(cal, annual, d(2025, 4, 1), d(2025, 4, 20), "2025", extended_to=d(2025, 4, 30))
    _due(gus, annual, d(2025, 4, 1), "2025")
    _signed(fay, annual, d(2025, 4, 1), d(2025, 3, 25), "2025")
    RequirementFactory(user=eve, kind=annual, due_date=d(2025, 6, 1), cycle_key="2025",
                       status=Requirement.Status.SUPERSEDED)  # fmt: skip

    # Mobile-device declaration.
    for holder in (bob, cal, eve, dee, gus):
        DeviceFactory(issued=True, holder=holder, issued_on=d(2026, 1, 1))
    _signed(hal, device, d(2025, 5, 1), d(2025, 4, 28), "2025")
    RequirementFactory(user=hal, kind=device, due_date=d(2026, 5, 1), cycle_key="2026",
                       status=Requirement.Status.LAPSED)  # fmt: skip
    _due(bob, device, d(2026, 6, 12), "v1")
    _due(cal, device, d(2026, 6, 29), "v1")
    _signed(eve, device, d(2026, 6, 1), d(2026, 5, 20), "v1")
    _due(dee, device, d(2026, 6, 30), "v1")
    _due(gus, device, d(2026, 6, 17), "v1")

    people = {p.full_name.split()[0]: p for p in (mia, ann, bob, cal, gus, dee, eve, fay, hal)}
    return Organisation(people=people, annual=annual, device=device, alpha=alpha, beta=beta)
