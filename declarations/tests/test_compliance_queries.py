"""The compliance dashboard makes as many queries for 200 staff as for 10."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import Declaration, Requirement
from declarations.tests.compliance_org import TODAY
from declarations.tests.factories import DeclarationKindFactory, PolicyVersionFactory
from kernel.roles import RoleKey
from staff.models import StaffType, User
from staff.tests.factories import TeamFactory, UserFactory

URL = reverse("declarations:compliance")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_day")]


def build_staff(count: int, manager: User, kinds) -> None:
    """``count`` people in chains of ten below ``manager``, each owing every kind:
    a third signed (two years of history), a third overdue, a third due soon."""
    teams = [TeamFactory(name=f"Team {n}") for n in range(3)]
    types = list(StaffType.values)
    start = User.objects.count()
    people, above = [], manager
    for n in range(count):
        person = User(
            email=f"load{start + n}@opcc.example.org", full_name=f"Person {start + n:04d}",
            team=teams[n % 3], staff_type=types[n % len(types)],
            line_manager=manager if n % 10 == 0 else above,
        )  # fmt: skip
        person.set_unusable_password()
        person.save()
        people.append(person)
        above = person
    requirements = []
    for n, person in enumerate(people):
        for kind in kinds:
            version = kind.policy.current_version()
            for year, offset in ((2025, -300), (2026, [-5, 3, 40][n % 3])):
                status = Requirement.Status.SIGNED if (year == 2025 or n % 3 == 2) else Requirement.Status.DUE
                requirements.append(Requirement(
                    user=person, kind=kind, cycle_key=str(year), version=version,
                    due_date=TODAY + dt.timedelta(days=offset), status=status,
                ))  # fmt: skip
    Requirement.objects.bulk_create(requirements)
    signed_at = dt.datetime(2025, 1, 10, 12, 0, tzinfo=dt.UTC)
    Declaration.objects.bulk_create(
        Declaration(
            requirement=r, user_id=r.user_id, kind=r.kind, version=r.version, statements=[],
            text_sha256="0" * 64, typed_name="x", signed_at=signed_at,
        )  # fmt: skip
        for r in Requirement.objects.filter(status=Requirement.Status.SIGNED, user__in=people)
    )


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "params", [{}, {"status": "outstanding"}, {"cycle": "2025"}, {"teams": "all"}]
)
def test_the_dashboard_query_count_does_not_grow_with_staff_or_declarations(
    role_holder, mfa_client, params
):
    kinds = []
    for n in range(2):
        kind = DeclarationKindFactory(order=n)
        PolicyVersionFactory(policy=kind.policy)
        kinds.append(kind)
    chief = role_holder(RoleKey.CHIEF_EXECUTIVE)
    manager = UserFactory(full_name="Morgan Manager")

    build_staff(10, manager, kinds)
    small = {"chief": queries_for(mfa_client(chief), params)}
    small["manager"] = queries_for(mfa_client(manager), params)
    build_staff(190, manager, kinds)
    assert User.objects.filter(line_manager__isnull=False).count() == 200
    assert Requirement.objects.count() == 800
    large = {"chief": queries_for(mfa_client(chief), params)}
    large["manager"] = queries_for(mfa_client(manager), params)

    assert large == small
