"""Tasks: mine, a role's page, and marking one done."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.models import Request, Task
from kernel.roles import RoleKey

from .factories import SOFTWARE, TaskFactory, open_step, submit

MY_TASKS = reverse("approvals:my_tasks")


def _role_url(key=RoleKey.IT_SERVICE_DESK, **query):
    url = reverse("approvals:role_tasks", args=[key])
    return url + ("?show=done" if query.get("done") else "")


@pytest.fixture
def approved(west_midlands, holders, requester):
    """An approved software request: the IT service desk must install it."""
    request = submit("software_permission", requester, SOFTWARE)
    services.step_approve(step=open_step(request), actor=holders[RoleKey.CHIEF_EXECUTIVE])
    return request


def test_my_tasks_lists_my_roles_tasks_and_links_the_role_page(approved, mfa_client, holders):
    html = mfa_client(holders[RoleKey.IT_SERVICE_DESK]).get(MY_TASKS).content.decode()

    assert "Install Audacity 3.6 on Laptop WM-L-0042" in html
    assert _role_url() in html


def test_my_tasks_shows_a_task_given_to_me(db, mfa_client, person):
    TaskFactory(title="Return the laptop", owner=person, owner_role=None)

    assert "Return the laptop" in mfa_client(person).get(MY_TASKS).content.decode()


def test_a_role_holder_without_a_second_factor_sees_no_role_tasks(
    approved, mfa_client, role_holder
):
    desk = role_holder(RoleKey.IT_SERVICE_DESK, mfa=False)

    assert "Install Audacity" not in mfa_client(desk).get(MY_TASKS).content.decode()


def test_the_role_page_shows_open_and_done_tasks(approved, mfa_client, holders):
    desk = holders[RoleKey.IT_SERVICE_DESK]
    client = mfa_client(desk)
    TaskFactory(title="Old job", status=Task.Status.DONE, done_by=desk)

    open_page = client.get(_role_url()).content.decode()
    done_page = client.get(_role_url(done=True)).content.decode()

    assert "Install Audacity" in open_page and "Old job" not in open_page
    assert "Old job" in done_page and "Install Audacity" not in done_page


@pytest.mark.parametrize("who", ["auditor", "holder"])
def test_the_role_page_is_for_its_holders_and_auditors(who, db, mfa_client, auditor, role_holder):
    viewer = auditor if who == "auditor" else role_holder(RoleKey.IT_SERVICE_DESK)

    assert mfa_client(viewer).get(_role_url()).status_code == 200


def test_the_role_page_is_not_found_for_others_or_unknown_roles(
    db, mfa_client, person, role_holder
):
    comms = role_holder(RoleKey.COMMUNICATIONS)

    assert mfa_client(person).get(_role_url()).status_code == 404
    assert mfa_client(comms).get(_role_url()).status_code == 404
    assert mfa_client(comms).get(_role_url("no_such_role")).status_code == 404


def test_a_role_holder_marks_the_task_done_with_a_note(approved, mfa_client, holders, requester):
    task = Task.objects.get()
    desk = holders[RoleKey.IT_SERVICE_DESK]
    client = mfa_client(desk)

    page = client.get(task.get_absolute_url()).content.decode()
    response = client.post(task.get_absolute_url(), {"note": "Installed."}, follow=True)

    assert reverse("approvals:request_detail", args=[approved.pk]) in page
    assert "is marked done" in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.done_by, task.note) == (Task.Status.DONE, desk, "Installed.")
    approved.refresh_from_db()
    assert approved.status == Request.Status.COMPLETED


def test_a_task_done_already_cannot_be_done_again(approved, mfa_client, holders):
    task = Task.objects.get()
    client = mfa_client(holders[RoleKey.IT_SERVICE_DESK])
    client.post(task.get_absolute_url(), {"note": "Installed."})

    response = client.post(task.get_absolute_url(), {"note": "Again"}, follow=True)

    assert "dealt with already" in response.content.decode()
    task.refresh_from_db()
    assert task.note == "Installed."


def test_an_auditor_reads_a_task_but_cannot_do_it(approved, mfa_client, auditor):
    task = Task.objects.get()
    client = mfa_client(auditor)

    page = client.get(task.get_absolute_url())
    client.post(task.get_absolute_url(), {"note": "Done"})

    assert page.status_code == 200
    assert "Mark as done</button>" not in page.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


@pytest.mark.parametrize("who", ["requester", "colleague", "another role"])
def test_nobody_else_opens_a_task(who, approved, mfa_client, requester, person, holders):
    other = {
        "requester": requester,
        "colleague": person,
        "another role": holders[RoleKey.COMMUNICATIONS],
    }[who]
    task = Task.objects.get()

    assert mfa_client(other).get(task.get_absolute_url()).status_code == 404
    assert mfa_client(other).post(task.get_absolute_url(), {"note": "x"}).status_code == 404
