"""The requests' jobs as Celery beat runs them: on schedule, and once."""

import datetime as dt

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings

from approvals.models import Request, Task
from approvals.tasks import expire_requests, remind_and_escalate_steps, run_request_types_daily
from notifications.models import Notification

from .conftest import LONDON
from .factories import approve_all, device_abroad_data, mailbox_data, submit

pytestmark = pytest.mark.django_db


def test_beat_runs_the_requests_jobs():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["remind-and-escalate-steps"]["task"] == remind_and_escalate_steps.name
    assert schedule["remind-and-escalate-steps"]["schedule"] == crontab(minute=30)
    assert schedule["expire-requests"]["task"] == expire_requests.name
    assert schedule["run-request-types-daily"]["task"] == run_request_types_daily.name


def test_the_jobs_remind_expire_and_advise_once(
    west_midlands, holders, requester, manager, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        waiting = submit(
            "software_permission",
            requester,
            {
                "software": "Audacity 3.6",
                "source": "The publisher's site",
                "reason": "Podcast editing.",
                "device": "Laptop WM-L-0042",
            },
        )
        mailbox = approve_all(
            submit("mailbox_access", requester, mailbox_data(manager, person)),
            list(holders.values()),
        )
        trip = approve_all(
            submit("device_abroad", requester, device_abroad_data()), list(holders.values())
        )
    due_on = waiting.steps.get().due_on

    def at(day):
        return time_machine.travel(dt.datetime.combine(day, dt.time(8), tzinfo=LONDON), tick=False)

    with at(due_on + dt.timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        first = remind_and_escalate_steps.delay().get()
        assert first["overdue"] == 1
        reminders = Notification.objects.filter(kind="request_step_overdue").count()
        assert reminders >= 1
        remind_and_escalate_steps.delay().get()
        assert Notification.objects.filter(kind="request_step_overdue").count() == reminders

    with (
        at(trip.starts_on - dt.timedelta(days=2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_request_types_daily.delay().get()
        run_request_types_daily.delay().get()
        assert Notification.objects.filter(kind="request_travel_advice").count() == 1

    with (
        at(mailbox.ends_on + dt.timedelta(days=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert expire_requests.delay().get() >= 1
        assert expire_requests.delay().get() == 0
    mailbox.refresh_from_db()
    assert mailbox.status == Request.Status.EXPIRED
    assert Task.objects.filter(key=f"request:{mailbox.pk}:mailbox-remove").count() == 1
