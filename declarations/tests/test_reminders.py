"""The daily reminder run: exactly the emails the schedule says, and never one twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from declarations.models import Requirement
from declarations.reminders import reminder_step, reminders_send
from declarations.services import requirement_extend
from declarations.tests.factories import DeclarationKindFactory, RequirementFactory
from kernel.roles import RoleKey
from notifications.models import Notification
from staff.tests.factories import TeamFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
DUE_DATE = dt.date(2026, 3, 31)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminder job at 7 a.m. on a day; returns the emails it sent."""

    def run_on(day: dt.date):
        first = len(mail.outbox)
        moment = dt.datetime.combine(day, dt.time(7), tzinfo=LONDON)
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            reminders_send()
        return mail.outbox[first:]

    return run_on


def days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def recipients(emails):
    return sorted(address for email in emails for address in email.to)


@pytest.mark.parametrize(
    ("today", "step"),
    [
        (dt.date(2026, 2, 28), None),
        (dt.date(2026, 3, 1), "before-30"),
        (dt.date(2026, 3, 16), "before-30"),
        (dt.date(2026, 3, 17), "before-14"),
        (dt.date(2026, 3, 24), "before-7"),
        (dt.date(2026, 3, 30), "before-1"),
        (dt.date(2026, 3, 31), "due"),
        (dt.date(2026, 4, 6), "due"),
        (dt.date(2026, 4, 7), "overdue-week-1"),
        (dt.date(2026, 4, 14), "overdue-week-2"),
        (dt.date(2026, 6, 29), "overdue-week-12"),
        (dt.date(2026, 6, 30), "overdue-week-13"),
    ],
)
def test_the_step_is_the_latest_point_of_the_schedule_reached(today, step):
    assert reminder_step(due_date=DUE_DATE, today=today) == step


def test_the_person_gets_one_email_at_each_point_of_the_schedule_and_none_between(run, person):
    RequirementFactory(user=person, due_date=DUE_DATE)
    sent_on = {}
    for day in days(dt.date(2026, 2, 15), dt.date(2026, 4, 30)):
        emails = run(day)
        if emails:
            sent_on[day] = emails
    assert sorted(sent_on) == [
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 17),
        dt.date(2026, 3, 24),
        dt.date(2026, 3, 30),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 7),
        dt.date(2026, 4, 14),
        dt.date(2026, 4, 21),
        dt.date(2026, 4, 28),
    ]
    assert all(recipients(emails) == [person.email] for emails in sent_on.values())


def test_the_reminder_says_when_it_is_due_and_links_to_the_signing_page(run, person, settings):
    settings.SITE_URL = "https://portal.opcc.example.org"
    requirement = RequirementFactory(
        user=person,
        due_date=DUE_DATE,
        kind=DeclarationKindFactory(name="Annual policy declaration"),
    )
    [email] = run(dt.date(2026, 3, 17))
    assert email.subject == "[OPCC] Declaration to sign by 31 March: Annual policy declaration"
    assert "You have a declaration to sign by Tuesday 31 March 2026, in 14 days:" in email.body
    link = f"https://portal.opcc.example.org/declarations/sign/{requirement.pk}/"
    assert f"Sign it here: {link}" in email.body
    html = email.alternatives[0][0]
    assert f'href="{link}"' in html
    assert "Staff policy portal" in html


def test_an_overdue_reminder_says_how_late_it_is_and_that_the_manager_will_hear(run, person):
    RequirementFactory(user=person, due_date=DUE_DATE)
    [email] = run(dt.date(2026, 4, 14))
    assert email.subject.startswith("[OPCC] Overdue declaration:")
    assert "was due on Tuesday 31 March 2026 and is now 14 days overdue" in email.body
    assert "line manager is told about declarations 7 or more days overdue" in email.body


def test_missed_days_send_only_the_latest_reminder_not_a_pile(run, person):
    requirement = RequirementFactory(user=person, due_date=DUE_DATE)
    assert len(run(dt.date(2026, 3, 26))) == 1
    assert run(dt.date(2026, 3, 27)) == []
    keys = list(Notification.objects.values_list("idempotency_key", flat=True))
    assert keys == [f"declaration-reminder:{requirement.pk}:2026-03-31:before-7"]


def test_a_second_run_the_same_day_sends_nothing(run, manager):
    chief = UserFactory()
    give_role(chief, RoleKey.CHIEF_EXECUTIVE, starts_on=dt.date(2025, 1, 1))
    RequirementFactory(user=manager.report, due_date=dt.date(2026, 2, 1))
    first = run(dt.date(2026, 3, 2))
    assert len(first) == 3
    assert run(dt.date(2026, 3, 2)) == []
    assert Notification.objects.count() == 3


def test_signed_lapsed_leavers_and_future_starters_requirements_send_nothing(run):
    for status in (Requirement.Status.SIGNED, Requirement.Status.LAPSED):
        RequirementFactory(due_date=DUE_DATE, status=status)
    RequirementFactory(due_date=DUE_DATE, user=UserFactory(leaving_date=dt.date(2026, 3, 20)))
    RequirementFactory(due_date=DUE_DATE, user=UserFactory(is_active=False))
    RequirementFactory(due_date=DUE_DATE, kind=DeclarationKindFactory(active=False))
    RequirementFactory(due_date=DUE_DATE, user=UserFactory(start_date=dt.date(2026, 4, 1)))
    assert run(dt.date(2026, 3, 24)) == []


def test_an_extension_moves_the_schedule_to_the_new_date(run, person, admin_user):
    requirement = RequirementFactory(user=person, due_date=DUE_DATE)
    assert len(run(dt.date(2026, 3, 31))) == 1
    with time_machine.travel(dt.datetime(2026, 4, 2, 10, tzinfo=LONDON), tick=False):
        requirement_extend(
            requirement=requirement, actor=admin_user, until=dt.date(2026, 4, 20), reason="Away"
        )
    [email] = run(dt.date(2026, 4, 7))
    assert "in 13 days" in email.body
    assert run(dt.date(2026, 4, 8)) == []
    assert [e.subject for e in run(dt.date(2026, 4, 13))] == [
        "[OPCC] Declaration to sign by 20 April: " + requirement.kind.name
    ]


def test_an_extension_beyond_the_first_reminder_point_sends_nothing_until_it_is_reached(
    run, person, admin_user
):
    requirement = RequirementFactory(user=person, due_date=DUE_DATE)
    with time_machine.travel(dt.datetime(2026, 4, 2, 10, tzinfo=LONDON), tick=False):
        requirement_extend(
            requirement=requirement, actor=admin_user, until=dt.date(2026, 6, 30), reason="Away"
        )
    assert run(dt.date(2026, 4, 7)) == []
    assert run(dt.date(2026, 5, 30)) == []
    assert len(run(dt.date(2026, 5, 31))) == 1


# Escalation


@pytest.fixture
def organisation():
    """On Monday 4 May 2026: Morgan manages three people; Chris is chief executive.

    Riley is 8 days overdue, Robin 3, Rowan 30 (two declarations); Casey, in
    another team whose manager has left, is 29 days overdue.
    """
    press = TeamFactory(name="Press office")
    morgan = UserFactory(full_name="Morgan Manager", team=press)
    chris = UserFactory(full_name="Chris Chief")
    give_role(chris, RoleKey.CHIEF_EXECUTIVE, starts_on=dt.date(2025, 1, 1))
    gone = UserFactory(full_name="Gale Gone", leaving_date=dt.date(2026, 4, 1), is_active=False)
    people = {
        "riley": UserFactory(full_name="Riley Report", line_manager=morgan, team=press),
        "robin": UserFactory(full_name="Robin Recent", line_manager=morgan, team=press),
        "rowan": UserFactory(full_name="Rowan Late", line_manager=morgan, team=press),
        "casey": UserFactory(
            full_name="Casey Other", line_manager=gone, team=TeamFactory(name="Finance")
        ),
    }
    annual = DeclarationKindFactory(name="Annual policy declaration")
    device = DeclarationKindFactory(name="Mobile-device declaration")
    RequirementFactory(user=people["riley"], kind=annual, due_date=dt.date(2026, 4, 26))
    RequirementFactory(user=people["robin"], kind=annual, due_date=dt.date(2026, 5, 1))
    RequirementFactory(user=people["rowan"], kind=annual, due_date=dt.date(2026, 4, 4))
    RequirementFactory(user=people["rowan"], kind=device, due_date=dt.date(2026, 4, 20))
    RequirementFactory(user=people["casey"], kind=annual, due_date=dt.date(2026, 4, 5))
    return morgan, chris, people


def by_recipient(emails):
    return {email.to[0]: email for email in emails}


def test_the_line_manager_gets_one_digest_of_reports_a_week_or_more_overdue(run, organisation):
    morgan, chris, people = organisation
    emails = by_recipient(run(dt.date(2026, 5, 4)))
    digest = emails[morgan.email]
    assert digest.subject == "[OPCC] 3 overdue declarations in your team"
    assert (
        "- Rowan Late: Annual policy declaration, due 4 April 2026, 30 days overdue" in digest.body
    )
    assert (
        "- Rowan Late: Mobile-device declaration, due 20 April 2026, 14 days overdue" in digest.body
    )
    assert (
        "- Riley Report: Annual policy declaration, due 26 April 2026, 8 days overdue"
        in digest.body
    )
    assert "Robin" not in digest.body
    assert "Casey" not in digest.body
    assert "/declarations/compliance/" in digest.body


def test_the_chief_executive_gets_one_digest_of_everyone_four_weeks_or_more_overdue(
    run, organisation
):
    morgan, chris, people = organisation
    emails = by_recipient(run(dt.date(2026, 5, 4)))
    digest = emails[chris.email]
    assert digest.subject == "[OPCC] 2 declarations 28 or more days overdue"
    lines = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Rowan Late (Press office): Annual policy declaration, due 4 April 2026, 30 days overdue;"
        " line manager Morgan Manager",
        "- Casey Other (Finance): Annual policy declaration, due 5 April 2026, 29 days overdue;"
        " line manager Gale Gone",
    ]
    assert "Riley" not in digest.body


def test_each_run_sends_exactly_the_emails_the_schedule_says(run, organisation):
    morgan, chris, people = organisation
    emails = run(dt.date(2026, 5, 4))
    assert recipients(emails) == sorted(
        [
            morgan.email,  # digest: Riley, Rowan twice
            chris.email,  # digest: Rowan, Casey
            people["riley"].email,  # 8 days overdue: week 1
            people["robin"].email,  # 3 days overdue: "due" not sent yet
            people["rowan"].email,  # annual, 30 days: week 4
            people["rowan"].email,  # device, 14 days: week 2
            people["casey"].email,  # 29 days: week 4
        ]
    )
    assert run(dt.date(2026, 5, 4)) == []
    # The next day: the digests again (one each), and no reminder (none reached a new point).
    assert recipients(run(dt.date(2026, 5, 5))) == sorted([morgan.email, chris.email])
    # Robin reaches a week overdue on 8 May, Riley two weeks on 10 May.
    assert recipients(run(dt.date(2026, 5, 8))) == sorted(
        [morgan.email, chris.email, people["robin"].email]
    )


def test_a_manager_with_nobody_far_enough_overdue_hears_nothing(run, organisation):
    morgan, chris, _ = organisation
    emails = by_recipient(run(dt.date(2026, 4, 10)))
    assert morgan.email not in emails
    assert chris.email not in emails


def test_nobody_is_escalated_when_every_declaration_is_extended(run, organisation, admin_user):
    morgan, chris, _ = organisation
    with time_machine.travel(dt.datetime(2026, 5, 4, 6, tzinfo=LONDON), tick=False):
        for requirement in Requirement.objects.all():
            requirement_extend(
                requirement=requirement,
                actor=admin_user,
                until=dt.date(2026, 5, 29),
                reason="Policy briefing postponed",
            )
    emails = by_recipient(run(dt.date(2026, 5, 4)))
    assert morgan.email not in emails
    assert chris.email not in emails
    assert len(emails) == 4


def test_the_schedule_and_escalation_follow_the_settings(run, person, settings, manager):
    settings.DECLARATION_REMINDER_DAYS_BEFORE = [10, 3]
    settings.DECLARATION_ESCALATE_MANAGER_AFTER_DAYS = 2
    RequirementFactory(user=person, due_date=DUE_DATE)
    RequirementFactory(user=manager.report, due_date=dt.date(2026, 3, 20))
    sent = {day: recipients(run(day)) for day in days(dt.date(2026, 3, 15), dt.date(2026, 3, 31))}
    assert {day: to for day, to in sent.items() if to} == {
        dt.date(2026, 3, 15): [manager.report.email],  # before-10 for the 20th
        dt.date(2026, 3, 17): [manager.report.email],  # before-3
        dt.date(2026, 3, 20): [manager.report.email],  # due
        dt.date(2026, 3, 21): [person.email],  # before-10 for the 31st
        **{
            day: [manager.email]
            for day in days(dt.date(2026, 3, 22), dt.date(2026, 3, 31))
            if day not in (dt.date(2026, 3, 27), dt.date(2026, 3, 28), dt.date(2026, 3, 31))
        },
        dt.date(2026, 3, 27): sorted([manager.email, manager.report.email]),  # overdue week 1
        dt.date(2026, 3, 28): sorted([manager.email, person.email]),  # before-3
        dt.date(2026, 3, 31): sorted([manager.email, person.email]),  # due
    }
