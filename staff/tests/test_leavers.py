import datetime as dt

import time_machine
from django.test import Client

from staff.models import User
from staff.services import staff_deactivate_leavers
from staff.tasks import deactivate_leavers
from staff.tests.factories import UserFactory


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
def test_deactivates_people_whose_leaving_date_has_passed(db):
    leaver = UserFactory(leaving_date=dt.date(2026, 3, 1))
    last_day_today = UserFactory(leaving_date=dt.date(2026, 3, 2))
    assert staff_deactivate_leavers() == 1
    assert not User.objects.get(pk=leaver.pk).is_active
    assert User.objects.get(pk=last_day_today.pk).is_active


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
def test_does_nothing_the_second_time(db):
    UserFactory(leaving_date=dt.date(2026, 3, 1))
    assert deactivate_leavers.delay().get() == 1
    assert deactivate_leavers.delay().get() == 0


def test_ends_the_sessions_of_a_leaver(db, password):
    leaver = UserFactory(leaving_date=dt.date(2026, 3, 2))
    client = Client()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        client.post("/accounts/login/", {"login": leaver.email, "password": password})
        assert client.get("/").status_code == 200
    with time_machine.travel(dt.datetime(2026, 3, 3, 0, 10, tzinfo=dt.UTC)):
        staff_deactivate_leavers()
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
