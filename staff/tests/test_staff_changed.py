"""The apps above hear of a changed staff record once it commits, a whole file at once."""

import pytest

from staff.importing import validate_staff_csv
from staff.services import (
    staff_create,
    staff_deactivate,
    staff_import,
    staff_reactivate,
    staff_update,
)
from staff.signals import staff_changed
from staff.tests.factories import TeamFactory, UserFactory
from staff.tests.test_importing import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every list of people the signal announces, in order."""
    calls = []

    def listen(sender, user_ids, **kwargs):
        calls.append(user_ids)

    staff_changed.connect(listen)
    yield calls
    staff_changed.disconnect(listen)


def test_a_new_person_a_move_and_their_dates_are_announced_once_committed(
    heard, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = staff_create(actor=admin_user, email="new.person@opcc.example.org",
                              full_name="New Person")  # fmt: skip
        assert heard == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):
        staff_update(user=person, actor=admin_user, team=TeamFactory())
    with django_capture_on_commit_callbacks(execute=True):
        staff_deactivate(user=person, actor=admin_user)
        staff_reactivate(user=person, actor=admin_user)

    assert heard == [[person.pk], [person.pk], [person.pk], [person.pk]]


def test_a_change_that_cannot_change_what_they_owe_is_not_announced(
    heard, admin_user, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        staff_update(user=person, actor=admin_user, job_title="Senior Policy Officer")

    assert heard == []


def test_an_import_announces_everyone_in_the_file_once(
    heard, admin_user, django_capture_on_commit_callbacks
):
    result = validate_staff_csv(GOOD)
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(rows=result.rows, actor=admin_user)

    [announced] = heard
    assert len(announced) == 2
