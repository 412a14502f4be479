"""Two owners ticking the same item at the same moment: one event (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from approvals.tests.factories import TaskFactory
from audit.models import AuditEvent
from kernel.roles import RoleKey
from leavers.models import CaseItem
from leavers.services import case_item_complete
from leavers.tests.factories import CaseItemFactory
from staff.tests.factories import UserFactory, enable_totp, give_role


def service_desk(name: str):
    person = UserFactory(full_name=name)
    give_role(person, RoleKey.IT_SERVICE_DESK)
    enable_totp(person)
    return person


@pytest.mark.django_db(transaction=True)
def test_two_owners_ticking_at_once_make_one_event(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time, so there is no race to test")
    item = CaseItemFactory(task=TaskFactory(key="leaver:race:disable"))
    first, second = service_desk("Dee Desk"), service_desk("Drew Desk")
    start = threading.Barrier(2, timeout=30)
    outcomes, errors = [], []

    def tick(actor):
        try:
            start.wait()
            case_item_complete(item=item, actor=actor, note="Disabled.")
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick, args=(actor,)) for actor in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(outcomes) == ["This task has been dealt with already.", "done"]
    item = CaseItem.objects.select_related("task").get(pk=item.pk)
    assert item.task.done_by in (first, second)
    assert AuditEvent.objects.filter(action="leaver_case.item_done").count() == 1
