"""Two refreshes at once (the nightly run and one after a signature, say) make each requirement once."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection

from declarations.models import Cycle, Requirement
from declarations.requirements import requirements_refresh
from declarations.tests.factories import DeclarationKindFactory, PolicyVersionFactory
from staff.tests.factories import UserFactory

RUNS = 3


def test_refreshes_at_the_same_time_make_each_requirement_once(transactional_db):
    for cycle in (Cycle.ANNUAL_FROM_LAST, Cycle.PER_VERSION):
        kind = DeclarationKindFactory(cycle=cycle)
        PolicyVersionFactory(policy=kind.policy)
    UserFactory.create_batch(30)
    start = threading.Barrier(RUNS, timeout=30)
    errors = []

    def refresh():
        try:
            start.wait()
            requirements_refresh()
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    moment = dt.datetime(2026, 3, 2, 0, 20, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        threads = [threading.Thread(target=refresh) for _ in range(RUNS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert Requirement.objects.count() == 60
    assert Requirement.objects.filter(status=Requirement.Status.DUE).count() == 60
