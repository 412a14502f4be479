"""Opening a leaver case: who may, the leaving date, IT told, and the checklist."""

import pytest
from django.core.exceptions import ValidationError

from accounts_registry.models import Account
from approvals.models import Delegation, Request, Task
from kernel.roles import RoleKey
from leavers.models import CaseItem, LeaverCase
from leavers.services import case_open
from notifications.models import Notification
from staff.tests.factories import UserFactory

from .conftest import LAST_DAY

What = CaseItem.What


def open_for(leaver, actor=None):
    return case_open(
        person=leaver, last_day=LAST_DAY, reason="Resigned", actor=actor or leaver.line_manager
    )


def test_the_checklist_has_every_item_with_its_owner(leaver, desk, comms):
    case = open_for(leaver)

    rows = {
        (item.what, item.device_id or item.account_id or None): item.task
        for item in case.items.select_related("task__owner_role", "task__owner")
    }
    it, communications = RoleKey.IT_SERVICE_DESK, RoleKey.COMMUNICATIONS
    assert {
        key: (task.owner_role.key if task.owner_role else task.owner) for key, task in rows.items()
    } == {
        (What.DISABLE_ACCOUNTS, None): it,
        (What.DEVICE, leaver.phone.pk): it,
        (What.DEVICE, leaver.laptop.pk): it,
        (What.MAILBOX, None): leaver.line_manager,
        (What.ACCOUNT_OWNED, leaver.owned.pk): communications,
        (What.ACCOUNT_ACCESS, leaver.reached[0].pk): communications,
        (What.ACCOUNT_ACCESS, leaver.reached[1].pk): communications,
        (What.REQUESTS, None): leaver.line_manager,
        (What.STEPS, None): leaver.line_manager,
    }
    assert {task.due_on for task in rows.values() if task.status == Task.Status.OPEN} == {LAST_DAY}
    assert "/requests/new/mailbox_access/" in rows[(What.MAILBOX, None)].details


def test_sets_the_leaving_date_and_tells_the_service_desk(leaver, desk):
    case = open_for(leaver)

    leaver.refresh_from_db()
    assert leaver.leaving_date == LAST_DAY
    told = Notification.objects.get(recipient=desk, kind="leaver_case_opened")
    assert told.link == case.get_absolute_url()


def test_open_requests_are_withdrawn_and_waiting_decisions_delegated(leaver):
    case = open_for(leaver)

    leaver.own_request.refresh_from_db()
    assert leaver.own_request.status == Request.Status.WITHDRAWN
    delegation = Delegation.objects.get(person=leaver)
    assert delegation.delegate == leaver.line_manager
    assert delegation.starts_on <= LAST_DAY < delegation.ends_on
    steps = case.items.get(what=What.STEPS)
    assert steps.delegation == delegation
    assert steps.task.status == Task.Status.DONE
    assert case.items.get(what=What.REQUESTS).task.status == Task.Status.DONE


def test_accounts_they_could_reach_must_change_password(leaver):
    open_for(leaver)

    flagged = set(
        Account.objects.filter(password_change_required=True).values_list("pk", flat=True)
    )
    assert flagged == {account.pk for account in leaver.reached}


def test_hr_and_managers_above_may_open_a_case(leaver, role_holder):
    hr = role_holder(RoleKey.HR)
    assert open_for(leaver, actor=hr).started_by == hr


def test_the_managers_manager_may_open_a_case(line, desk):
    head, manager, person = line
    assert case_open(person=person, last_day=LAST_DAY, actor=head).person == person


def test_a_colleague_may_not_open_a_case(line, desk):
    _, _, person = line
    with pytest.raises(ValidationError, match="reporting line"):
        case_open(person=person, last_day=LAST_DAY, actor=UserFactory())
    assert not LeaverCase.objects.exists()


def test_refuses_a_second_open_case_for_the_same_person(line, desk):
    _, manager, person = line
    case_open(person=person, last_day=LAST_DAY, actor=manager)
    with pytest.raises(ValidationError, match="open leaver case already"):
        case_open(person=person, last_day=LAST_DAY, actor=manager)


def test_opening_twice_the_same_items_makes_no_second_task(line, desk):
    _, manager, person = line
    case = case_open(person=person, last_day=LAST_DAY, actor=manager)
    assert Task.objects.filter(key__startswith=f"leaver:{case.pk}:").count() == case.items.count()
