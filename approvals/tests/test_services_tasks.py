"""Tasks: done by a holder of the owner role (with a second factor) or the named owner; the
request is complete when its last task is done, unless its permission has dates."""

import pytest
from django.core.exceptions import ValidationError

from approvals import selectors, services
from approvals.models import Request, Task
from audit.models import AuditEvent
from kernel.roles import RoleKey
from notifications.models import Notification

from .factories import TaskFactory, approve_all, mailbox_data, submit

pytestmark = pytest.mark.django_db

SOFTWARE = {
    "software": "Audacity 3.6",
    "source": "https://www.audacityteam.org",
    "reason": "Editing the youth panel's podcast recordings.",
    "device": "Laptop WM-L-0042",
}


@pytest.fixture
def installed(west_midlands, holders, requester):
    """An approved software request with its install task."""
    return approve_all(submit("software_permission", requester, SOFTWARE), list(holders.values()))


def test_a_holder_of_the_owner_role_does_the_task(installed, holders):
    desk = holders[RoleKey.IT_SERVICE_DESK]
    task = installed.tasks.get()
    services.task_complete(task=task, actor=desk, note="  Installed from the vendor site. ")
    task.refresh_from_db()
    assert (task.status, task.done_by, task.note) == (
        Task.Status.DONE,
        desk,
        "Installed from the vendor site.",
    )
    assert AuditEvent.objects.filter(action="task.done", actor=desk).count() == 1


def test_someone_else_cannot_do_it(installed, holders, requester):
    task = installed.tasks.get()
    for actor in (requester, holders[RoleKey.CHIEF_EXECUTIVE]):
        with pytest.raises(ValidationError, match="This task is not yours."):
            services.task_complete(task=task, actor=actor)


def test_a_role_holder_without_a_second_factor_cannot_do_it(installed, role_holder):
    desk = role_holder(RoleKey.IT_SERVICE_DESK, mfa=False)
    with pytest.raises(ValidationError, match="This task is not yours."):
        services.task_complete(task=installed.tasks.get(), actor=desk)


def test_a_task_is_done_once(installed, holders):
    desk = holders[RoleKey.IT_SERVICE_DESK]
    task = installed.tasks.get()
    services.task_complete(task=task, actor=desk)
    with pytest.raises(ValidationError, match="dealt with already"):
        services.task_complete(task=task, actor=desk)


def test_a_request_without_dates_is_complete_when_its_last_task_is_done(installed, holders):
    extra = TaskFactory(request=installed, title="Check the licence")
    services.task_complete(
        task=installed.tasks.get(key__endswith="install-software"),
        actor=holders[RoleKey.IT_SERVICE_DESK],
    )
    installed.refresh_from_db()
    assert installed.status == Request.Status.APPROVED
    services.task_complete(task=extra, actor=holders[RoleKey.IT_SERVICE_DESK])
    installed.refresh_from_db()
    assert installed.status == Request.Status.COMPLETED
    assert AuditEvent.objects.filter(action="request.completed").count() == 1


def test_a_permission_with_dates_stays_approved_until_it_expires(
    west_midlands, holders, requester, manager, person
):
    request = approve_all(
        submit("mailbox_access", requester, mailbox_data(manager, person)), list(holders.values())
    )
    services.task_complete(task=request.tasks.get(), actor=holders[RoleKey.IT_SERVICE_DESK])
    request.refresh_from_db()
    assert request.status == Request.Status.APPROVED


def test_a_task_owned_by_a_person_is_theirs_alone(holders, person):
    task = TaskFactory(owner=person, owner_role=None)
    with pytest.raises(ValidationError, match="This task is not yours."):
        services.task_complete(task=task, actor=holders[RoleKey.IT_SERVICE_DESK])
    services.task_complete(task=task, actor=person)


def test_creating_a_task_twice_makes_one_and_tells_the_role_once(holders):
    first = services.task_create(
        key="leaver:1:disable", title="Disable accounts", owner_role=RoleKey.IT_SERVICE_DESK
    )
    second = services.task_create(
        key="leaver:1:disable", title="Disable accounts", owner_role=RoleKey.IT_SERVICE_DESK
    )
    assert first == second
    assert Task.objects.count() == 1
    assert (
        Notification.objects.filter(
            kind="task_assigned", recipient=holders[RoleKey.IT_SERVICE_DESK]
        ).count()
        == 1
    )


def test_nobody_carries_out_the_work_on_a_request_about_themselves(
    west_midlands, holders, requester, person, role_holder, mfa_client
):
    # A member of the IT service desk whose own mailbox is to be forwarded.
    holder = role_holder(RoleKey.IT_SERVICE_DESK)
    request = approve_all(
        submit("mailbox_access", requester, mailbox_data(holder, person)), list(holders.values())
    )
    task = request.tasks.get()

    assert task not in selectors.tasks_for(holder)
    assert task not in selectors.role_tasks(holder, RoleKey.IT_SERVICE_DESK)
    assert task in selectors.tasks_for(holders[RoleKey.IT_SERVICE_DESK])
    with pytest.raises(ValidationError, match="This task is not yours."):
        services.task_complete(task=task, actor=holder)
    assert mfa_client(holder).get(task.get_absolute_url()).status_code == 404
