"""My declarations: what I owe with due dates, what I signed with its record, and the policies."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from declarations.models import Requirement
from kernel.roles import RoleKey
from records.models import Record
from staff.tests.factories import UserFactory

from .factories import DeclarationFactory, PolicyFactory, RequirementFactory
from .signing_samples import annual_kind
from .volume import add_volume

URL = reverse("declarations:index")


def _record(subject, reference, status):
    return Record.objects.create(
        reference=reference, kind="declaration", year=2026, number=int(reference[-6:]),
        title="Annual policy declaration", subject=subject, evidence={}, status=status,
    )


def test_shows_what_i_owe_and_what_i_signed(mfa_client, person):
    kind = annual_kind()
    due = RequirementFactory(user=person, kind=kind, due_date=timezone.localdate() - dt.timedelta(days=2))
    complete = DeclarationFactory(requirement__user=person, requirement__kind=kind)
    complete.record = _record(person, "DEC-2026-000001", Record.Status.COMPLETE)
    complete.save()
    pending = DeclarationFactory(requirement__user=person, requirement__kind=kind)
    pending.record = _record(person, "DEC-2026-000002", Record.Status.PENDING)
    pending.save()
    DeclarationFactory(requirement__user=UserFactory(), requirement__kind=kind)  # a colleague's

    page = mfa_client(person).get(URL).content.decode()
    assert reverse("declarations:sign", args=[due.pk]) in page
    assert "Overdue by 2 days" in page
    assert f'href="{reverse("records:download", args=["DEC-2026-000001"])}"' in page
    assert "Download DEC-2026-000001 (PDF)" in page
    assert reverse("records:detail", args=["DEC-2026-000002"]) in page and "Being prepared" in page
    assert page.count("Use of IT, communications and social media, version 5.0") == 2
    assert reverse("records:my_records") in page
    assert kind.policy.get_absolute_url() in page


def test_someone_with_nothing_to_sign_is_told_so(mfa_client, person):
    PolicyFactory(title="Social media")
    page = mfa_client(person).get(URL).content.decode()
    assert "You have nothing to sign." in page
    assert "You have not signed a declaration yet." in page
    assert "Social media" in page and "Not yet published" in page


def test_administrators_find_the_policy_pages_from_here(mfa_client, admin_user, person):
    assert reverse("declarations:device_holders") in mfa_client(admin_user).get(URL).content.decode()
    assert reverse("declarations:kinds") not in mfa_client(person).get(URL).content.decode()


def test_a_lapsed_requirement_is_not_listed(mfa_client, person):
    RequirementFactory(user=person, kind=annual_kind(), status=Requirement.Status.LAPSED)
    assert "Read and sign" not in mfa_client(person).get(URL).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_staff_or_declarations(mfa_client, role_holder):
    person = role_holder(RoleKey.ADMINISTRATOR)
    kind = annual_kind()
    PolicyFactory.create_batch(2)
    client = mfa_client(person)
    _queries(client)  # the first request of a session does some one-off work
    add_volume(person=person, kind=kind, staff=10, signed=10, outstanding=2)
    few = _queries(client)
    add_volume(person=person, kind=kind, staff=190, signed=190, outstanding=18, batch="b")
    PolicyFactory.create_batch(5)
    assert _queries(client) == few
