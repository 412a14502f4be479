"""Leaver cases and their checklist items for the tests.

The factories write rows directly, without the services, to set up any state
quickly; tests of a behaviour go through the service that has it (``case_open``
builds the real checklist from what the person holds).
"""

from __future__ import annotations

import datetime as dt

import factory

from approvals.models import Task
from approvals.tests.factories import TaskFactory
from leavers.models import CaseItem, LeaverCase
from staff.tests.factories import UserFactory


def manager_and_report(**report_fields):
    """A line manager (with a manager of their own) and one person reporting to them."""
    head = UserFactory(job_title="Head of service")
    manager = UserFactory(line_manager=head, job_title="Team manager")
    person = UserFactory(line_manager=manager, **report_fields)
    return head, manager, person


class LeaverCaseFactory(factory.django.DjangoModelFactory):
    """An open case for a new person, started by their line manager, leaving in a month."""

    class Meta:
        model = LeaverCase

    person = factory.SubFactory(UserFactory, line_manager=factory.SubFactory(UserFactory))
    last_day = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
    started_by = factory.LazyAttribute(lambda case: case.person.line_manager or UserFactory())
    status = LeaverCase.Status.OPEN


class CaseItemFactory(factory.django.DjangoModelFactory):
    """An open checklist item (the IT service desk's "disable accounts" unless told)."""

    class Meta:
        model = CaseItem

    case = factory.SubFactory(LeaverCaseFactory)
    what = CaseItem.What.DISABLE_ACCOUNTS
    task = factory.SubFactory(
        TaskFactory,
        key=factory.Sequence(lambda n: f"leaver:test:{n}"),
        title="Disable network and email accounts",
        status=Task.Status.OPEN,
    )
