"""After a change of team or line manager: the review of a mover's access."""

import pytest
from django.urls import reverse

from accounts_registry.tests.factories import AccessFactory
from devices.tests.factories import PoolUserFactory
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("leavers:mover_review", args=[person.pk])


def staff_form(person, **changes):
    data = {
        "full_name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "team": person.team_id or "",
        "new_team": "",
        "staff_type": person.staff_type,
        "line_manager": person.line_manager.email if person.line_manager else "",
        "mailbox_nominee": "",
        "start_date": "",
        "leaving_date": "",
    }
    return {**data, **changes}


def test_changing_the_line_manager_leads_to_the_review(mfa_client, admin_user):
    person = UserFactory(line_manager=UserFactory())
    new_manager = UserFactory()

    response = mfa_client(admin_user).post(
        reverse("staff:edit", args=[person.pk]), staff_form(person, line_manager=new_manager.email)
    )

    assert response.status_code == 302
    assert response.url == url(person)


def test_other_changes_go_back_to_the_record(mfa_client, admin_user):
    person = UserFactory()

    response = mfa_client(admin_user).post(
        reverse("staff:edit", args=[person.pk]), staff_form(person, job_title="Analyst")
    )

    assert response.url == person.get_absolute_url()


def test_lists_access_and_pool_devices_to_keep_or_remove(mfa_client, admin_user):
    person = UserFactory(team=TeamFactory())
    access = AccessFactory(person=person, account__handle="@OPCC_News")
    pool = PoolUserFactory(person=person, device__asset_tag="POOL-0042")

    html = mfa_client(admin_user).get(url(person)).content.decode()

    assert "@OPCC_News" in html and f'name="access_{access.pk}"' in html
    assert "POOL-0042" in html and f'name="pool_{pool.pk}"' in html


def test_removes_what_was_chosen_and_keeps_the_rest(mfa_client, admin_user):
    person = UserFactory()
    removed = AccessFactory(person=person)
    kept = AccessFactory(person=person)
    pool = PoolUserFactory(person=person)

    response = mfa_client(admin_user).post(
        url(person),
        {f"access_{removed.pk}": "remove", f"access_{kept.pk}": "keep",
         f"pool_{pool.pk}": "remove"},
    )  # fmt: skip

    assert response.status_code == 302
    removed.refresh_from_db()
    kept.refresh_from_db()
    pool.refresh_from_db()
    assert removed.removed_at is not None
    assert kept.removed_at is None
    assert pool.removed_at is not None


def test_a_colleague_cannot_review(mfa_client, person):
    mover = UserFactory()

    response = mfa_client(person).get(url(mover))

    assert response.status_code == 302


def test_with_nothing_to_review_the_administrator_goes_back_to_the_record(mfa_client, admin_user):
    person = UserFactory(line_manager=UserFactory())

    response = mfa_client(admin_user).get(url(person))

    assert response.status_code == 302
    assert response.url == reverse("staff:detail", args=[person.pk])
