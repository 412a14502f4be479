"""Two reminder runs at the same moment (two workers, or beat firing twice) send each email once."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.db import connection

from declarations.reminders import reminders_send
from declarations.tests.factories import DeclarationKindFactory, RequirementFactory
from kernel.roles import RoleKey
from notifications.models import Notification
from staff.tests.factories import UserFactory, give_role

RUNS = 2
REPORTS = 12


def test_two_runs_at_once_send_every_email_exactly_once(transactional_db):
    manager = UserFactory(full_name="Morgan Manager")
    chief = UserFactory(full_name="Chris Chief")
    give_role(chief, RoleKey.CHIEF_EXECUTIVE, starts_on=dt.date(2025, 1, 1))
    kind = DeclarationKindFactory()
    for n in range(REPORTS):
        # Due from 40 days ago to 15 days ahead: every report is at some point of the schedule.
        RequirementFactory(
            user=UserFactory(line_manager=manager),
            kind=kind,
            due_date=dt.date(2026, 5, 4) - dt.timedelta(days=40 - 5 * n),
        )
    start = threading.Barrier(RUNS, timeout=30)
    errors = []

    def run():
        try:
            start.wait()
            reminders_send()
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    moment = dt.datetime(2026, 5, 4, 7, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        threads = [threading.Thread(target=run) for _ in range(RUNS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    # Twelve reminders, one digest for the manager and one for the chief executive.
    assert Notification.objects.count() == REPORTS + 2
    assert len(mail.outbox) == REPORTS + 2
    assert sorted(m.to[0] for m in mail.outbox).count(manager.email) == 1
    assert sorted(m.to[0] for m in mail.outbox).count(chief.email) == 1
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == REPORTS + 2
