"""My tasks lists the declarations a person owes, each one click from its signing page."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from declarations.dashboard import MOST_SHOWN, declarations_due
from declarations.models import Requirement
from staff.tests.factories import UserFactory

from .factories import DeclarationKindFactory, RequirementFactory
from .signing_samples import annual_kind
from .volume import add_volume


def _days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_lists_what_is_due_soonest_first_with_overdue_marked(person):
    annual = annual_kind()
    device = DeclarationKindFactory(name="Mobile device declaration", policy=annual.policy)
    soon = RequirementFactory(user=person, kind=annual, due_date=_days(5))
    late = RequirementFactory(user=person, kind=device, due_date=_days(-3))
    RequirementFactory(user=person, kind=annual, due_date=_days(-30), status=Requirement.Status.SIGNED)
    RequirementFactory(user=person, kind=device, due_date=_days(-30), status=Requirement.Status.LAPSED)
    RequirementFactory(user=UserFactory(), kind=annual, due_date=_days(1))

    section = declarations_due(person)
    assert [item["url"] for item in section.items] == [
        reverse("declarations:sign", args=[late.pk]),
        reverse("declarations:sign", args=[soon.pk]),
    ]
    assert section.items[0]["title"] == "Sign the Mobile device declaration"
    assert section.items[0]["badge"] == "Overdue by 3 days"
    assert section.items[0]["badge_style"] == "danger"
    assert section.items[1]["badge"] == "Due in 5 days"


def test_an_extension_moves_the_date_shown(person):
    requirement = RequirementFactory(user=person, due_date=_days(-2), extended_to=_days(20))
    [item] = declarations_due(person).items
    assert item["detail"] == f"due {requirement.extended_to.day} {requirement.extended_to:%B %Y}"
    assert item["badge"] == ""  # not due soon


def test_the_home_page_links_straight_to_the_signing_page(mfa_client, person):
    requirement = RequirementFactory(user=person, kind=annual_kind(), due_date=_days(-1))
    page = mfa_client(person).get(reverse("home")).content.decode()
    assert f'href="{reverse("declarations:sign", args=[requirement.pk])}"' in page
    assert "Sign the Annual policy declaration" in page
    assert "Overdue by 1 day" in page


def test_shows_a_handful_and_links_to_all(person):
    kind = annual_kind()
    for n in range(MOST_SHOWN + 3):
        RequirementFactory(user=person, kind=kind, due_date=_days(n))
    section = declarations_due(person)
    assert len(section.items) == MOST_SHOWN
    assert section.more_url == reverse("declarations:index")


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_staff_or_declarations(mfa_client, person):
    kind = annual_kind()
    client = mfa_client(person)
    _home_queries(client)  # the first request of a session does some one-off work
    add_volume(person=person, kind=kind, staff=10, signed=10, outstanding=2)
    few = _home_queries(client)
    add_volume(person=person, kind=kind, staff=190, signed=190, outstanding=18, batch="b")
    assert _home_queries(client) == few
