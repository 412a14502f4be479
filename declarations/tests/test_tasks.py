"""The daily declaration jobs: scheduled by beat, thin, and safe to run twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from declarations.models import Requirement
from declarations.tasks import refresh_declaration_requirements, send_declaration_reminders
from declarations.tests.factories import DeclarationKindFactory, PolicyVersionFactory
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_beat_refreshes_requirements_after_midnight_and_reminds_at_the_configured_hour():
    schedule = settings.CELERY_BEAT_SCHEDULE
    refresh = schedule["refresh-declaration-requirements"]
    remind = schedule["send-declaration-reminders"]
    assert refresh["task"] == refresh_declaration_requirements.name
    assert remind["task"] == send_declaration_reminders.name
    assert refresh["schedule"] == crontab(minute=20, hour=0)
    assert remind["schedule"] == crontab(minute=0, hour=settings.DECLARATION_REMINDER_HOUR)
    assert settings.DECLARATION_REMINDER_HOUR == 7


def test_the_jobs_make_the_requirements_and_send_the_reminders_once(
    django_capture_on_commit_callbacks,
):
    kind = DeclarationKindFactory()
    PolicyVersionFactory(policy=kind.policy)
    person = UserFactory()
    moment = dt.datetime(2026, 3, 2, 7, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert refresh_declaration_requirements.delay().get() == 1
        assert send_declaration_reminders.delay().get() == {
            "reminders": 1,
            "manager_digests": 0,
            "chief_executive_digests": 0,
        }
        assert refresh_declaration_requirements.delay().get() == 0
        assert send_declaration_reminders.delay().get()["reminders"] == 0
    assert Requirement.objects.get().user == person
    assert [m.to for m in mail.outbox] == [[person.email]]
