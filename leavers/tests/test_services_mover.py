"""A mover's review: the access and pool places chosen for removal end; the rest stay."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts_registry.models import Access
from accounts_registry.tests.factories import AccountFactory
from devices.tests.factories import PoolUserFactory
from leavers.services import mover_review
from staff.tests.factories import UserFactory


def test_removes_only_what_was_chosen(line, comms):
    _, manager, person = line
    kept, removed = (
        Access.objects.create(account=AccountFactory(active=True, owner=manager), person=person,
                              granted_at=timezone.now())
        for _ in range(2)
    )  # fmt: skip
    place = PoolUserFactory(person=person)

    counts = mover_review(
        person=person, actor=manager, remove_access_ids=[removed.pk],
        remove_pool_user_ids=[place.pk],
    )  # fmt: skip

    kept.refresh_from_db(), removed.refresh_from_db(), place.refresh_from_db()
    assert counts == {"accesses": 1, "pool_users": 1}
    assert kept.removed_at is None and removed.removed_at is not None
    assert place.removed_at is not None


def test_a_colleague_may_not_review(line):
    _, _, person = line
    with pytest.raises(ValidationError):
        mover_review(person=person, actor=UserFactory())
