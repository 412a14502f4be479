"""Many staff, requirements and declarations, made quickly, for query-count tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from declarations.models import Declaration, Requirement
from staff.tests.factories import TeamFactory, UserFactory


def add_volume(*, person, kind, staff: int, signed: int, outstanding: int, batch: str = "a") -> None:
    """``staff`` colleagues, each owing ``kind`` and having signed it once; for ``person``,
    ``signed`` declarations and ``outstanding`` requirements still due."""
    version = kind.policy.current_version()
    team = TeamFactory(name="Volume team")
    colleagues = UserFactory.create_batch(staff, team=team)
    today = timezone.localdate()
    now = timezone.now()
    rows = [
        Requirement(user=user, kind=kind, cycle_key=f"{prefix}-{i}", version=version,
                    due_date=today + dt.timedelta(days=i % 40 - 10), status=status)
        for user in colleagues
        for i, (prefix, status) in enumerate([("due", Requirement.Status.DUE), ("old", Requirement.Status.SIGNED)])
    ]
    rows += [
        Requirement(user=person, kind=kind, cycle_key=f"mine-due-{batch}{i}", version=version,
                    due_date=today + dt.timedelta(days=i - 3))
        for i in range(outstanding)
    ]
    rows += [
        Requirement(user=person, kind=kind, cycle_key=f"mine-signed-{batch}{i}", version=version,
                    due_date=today - dt.timedelta(days=i), status=Requirement.Status.SIGNED)
        for i in range(signed)
    ]
    Requirement.objects.bulk_create(rows)
    signed_rows = Requirement.objects.filter(kind=kind, status=Requirement.Status.SIGNED, declaration__isnull=True)
    Declaration.objects.bulk_create(
        Declaration(
            requirement=requirement, user_id=requirement.user_id, kind=kind, version=version,
            statements=["I have read the policy."], text_sha256="0" * 64, typed_name="Name",
            signed_at=now - dt.timedelta(days=n), ip_address="192.0.2.1", user_agent="Test",
        )
        for n, requirement in enumerate(signed_rows)
    )
