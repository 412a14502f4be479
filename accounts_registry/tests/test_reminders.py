"""The daily reminders: registering credentials, changing flagged passwords, the annual review."""

import datetime as dt

import pytest

from accounts_registry import services, tasks
from accounts_registry.models import Account
from notifications.models import Notification
from staff.tests.factories import UserFactory

from .conftest import TODAY
from .factories import CREDENTIALS, AccountFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def sent(kind: str) -> list[str]:
    """Who got each notification of ``kind``, oldest first."""
    return list(
        Notification.objects.filter(kind=kind)
        .order_by("pk")
        .values_list("recipient__full_name", flat=True)
    )


@pytest.fixture
def owner():
    return UserFactory(full_name="Olive Owner")


# Registering credentials ---------------------------------------------------------------------


def test_the_owner_is_reminded_weekly_until_the_credentials_are_registered(owner, comms):
    account = AccountFactory(owner=owner)

    runs = [services.registrations_remind(today=day(n)) for n in (6, 7, 8, 14, 20)]

    assert [run["reminders"] for run in runs] == [0, 1, 0, 1, 0]
    assert sent("account_registration_reminder") == ["Olive Owner", "Olive Owner"]
    services.account_register(account=account, actor=owner, **CREDENTIALS)
    assert services.registrations_remind(today=day(21)) == {"reminders": 0, "escalations": 0}


def test_after_three_weeks_the_communications_team_is_told_once(owner, comms):
    AccountFactory(owner=owner)

    at_three_weeks = services.registrations_remind(today=day(21))
    again = services.registrations_remind(today=day(21))
    a_week_later = services.registrations_remind(today=day(28))

    assert at_three_weeks == {"reminders": 1, "escalations": 1}
    assert again == {"reminders": 0, "escalations": 0}
    assert a_week_later == {"reminders": 1, "escalations": 0}
    assert sent("account_registration_overdue") == ["Charlie Comms"]


def test_a_missed_fortnight_sends_one_reminder_not_two(owner):
    AccountFactory(owner=owner)

    assert services.registrations_remind(today=day(15))["reminders"] == 1
    assert services.registrations_remind(today=day(16))["reminders"] == 0


# Flagged passwords ---------------------------------------------------------------------------


def test_owner_and_administrator_are_reminded_the_next_day_then_weekly(owner):
    account = AccountFactory(
        owner=owner, administrator=UserFactory(full_name="Ada Administrator"), active=True
    )
    services.mark_password_change_required(accounts=[account], reason="Sam left the team.")
    Notification.objects.all().delete()

    counts = [services.password_changes_remind(today=day(n)) for n in (0, 1, 2, 6, 7, 8)]

    assert counts == [0, 2, 0, 0, 2, 0]
    assert set(sent("account_password_change_required")) == {"Olive Owner", "Ada Administrator"}


def test_no_reminder_once_the_new_password_is_registered(owner):
    account = AccountFactory(owner=owner)
    services.account_register(account=account, actor=owner, **CREDENTIALS)
    services.mark_password_change_required(accounts=[account], reason="Sam left the team.")
    services.credentials_change(account=account, actor=owner, password="A-new-long-password-9")

    assert services.password_changes_remind(today=day(1)) == 0


def test_closed_accounts_are_not_reminded_of_their_password(owner):
    account = AccountFactory(owner=owner, active=True)
    services.mark_password_change_required(accounts=[account], reason="Sam left the team.")
    services.account_close(account=account, actor=owner, reason="Not needed.")

    assert services.password_changes_remind(today=day(7)) == 0


# The annual review ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "point"),
    [
        (31, None),
        (30, "before"),
        (1, "before"),
        (0, "due"),
        (-6, "due"),
        (-7, "overdue-week-1"),
        (-15, "overdue-week-2"),
    ],
)
def test_the_review_schedule(days_left, point):
    assert services.review_point(due_on=day(days_left), today=TODAY) == point


def test_the_owner_is_reminded_a_month_before_on_the_day_and_weekly_after(owner, comms):
    AccountFactory(owner=owner, active=True, review_due_on=day(30))

    runs = [
        services.reviews_remind_and_escalate(today=day(n))
        for n in (0, 1, 29, 30, 31, 37, 38, 44, 45, 51)
    ]

    assert [run["reminders"] for run in runs] == [1, 0, 0, 1, 0, 1, 0, 1, 0, 1]
    # Fourteen days overdue (day 44), the communications team hears of it, once.
    assert [run["escalations"] for run in runs] == [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert sent("account_review_overdue") == ["Charlie Comms"]


def test_a_confirmed_review_stops_the_reminders(owner):
    account = AccountFactory(owner=owner, active=True, review_due_on=TODAY)
    services.review_confirm(
        account=account,
        actor=owner,
        still_needed=True,
        content_current=True,
        access_right=True,
        apps_right=True,
    )

    assert services.reviews_remind_and_escalate(today=day(7)) == {"reminders": 0, "escalations": 0}


def test_only_active_accounts_are_reviewed(owner):
    AccountFactory(owner=owner, review_due_on=TODAY)
    AccountFactory(owner=owner, status=Account.Status.CLOSED, review_due_on=TODAY)

    assert services.reviews_remind_and_escalate(today=TODAY) == {"reminders": 0, "escalations": 0}


def test_the_jobs_run_as_celery_tasks(owner):
    AccountFactory(owner=owner, active=True, review_due_on=TODAY)

    assert tasks.remind_and_escalate_reviews.delay().get() == {"reminders": 1, "escalations": 0}
    assert tasks.remind_registrations.delay().get() == {"reminders": 0, "escalations": 0}
    assert tasks.remind_password_changes.delay().get() == 0
