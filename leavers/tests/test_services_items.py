"""Ticking checklist items, signing the case off, and overdue reminders."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts_registry.models import Account
from devices.models import Device
from leavers.models import CaseItem, LeaverCase
from leavers.services import (
    case_item_complete,
    case_open,
    case_sign_off,
    items_remind_and_escalate,
)
from notifications.models import Notification
from records.models import Record

from .conftest import LAST_DAY

What = CaseItem.What


@pytest.fixture
def case(leaver):
    return case_open(person=leaver, last_day=LAST_DAY, actor=leaver.line_manager)


def owner_of(item, desk, comms):
    if item.task.owner_id:
        return item.task.owner
    return desk if item.task.owner_role.key == "it_service_desk" else comms


def tick_all(case, desk, comms):
    for item in case.items.filter(task__status="open").select_related("task__owner_role"):
        outcome = CaseItem.Outcome.RECOVERED if item.what == What.DEVICE else ""
        case_item_complete(
            item=item, actor=owner_of(item, desk, comms), note="Done.", outcome=outcome
        )


def test_a_recovered_device_is_returned(case, leaver, desk):
    item = case.items.get(device=leaver.phone)
    case_item_complete(item=item, actor=desk, outcome="recovered", note="Handed in.")

    leaver.phone.refresh_from_db()
    item.refresh_from_db()
    assert (leaver.phone.status, leaver.phone.holder, item.outcome) == (
        Device.Status.RETURNED, None, "recovered",
    )  # fmt: skip


def test_a_lost_device_is_recorded_lost_and_accounts_put_at_risk(case, leaver, desk):
    item = case.items.get(device=leaver.laptop)
    case_item_complete(item=item, actor=desk, outcome="lost", note="Never returned.")

    leaver.laptop.refresh_from_db()
    assert leaver.laptop.status == Device.Status.LOST
    at_risk = set(Account.objects.filter(at_risk=True).values_list("pk", flat=True))
    assert at_risk == {leaver.owned.pk, *(a.pk for a in leaver.reached)}


def test_a_device_item_needs_an_outcome(case, leaver, desk):
    with pytest.raises(ValidationError, match="recovered or is lost"):
        case_item_complete(item=case.items.get(device=leaver.phone), actor=desk)


def test_ticking_access_removes_it(case, leaver, comms):
    item = case.items.get(account=leaver.reached[1])
    case_item_complete(item=item, actor=comms, note="Removed.")
    assert not leaver.reached[1].accesses.filter(removed_at__isnull=True).exists()


def test_an_item_ticked_twice_is_refused(case, desk):
    item = case.items.get(what=What.DISABLE_ACCOUNTS)
    case_item_complete(item=item, actor=desk)
    with pytest.raises(ValidationError, match="dealt with already"):
        case_item_complete(item=item, actor=desk)


def test_someone_else_may_not_tick_an_item(case, comms):
    with pytest.raises(ValidationError, match="not yours"):
        case_item_complete(item=case.items.get(what=What.DISABLE_ACCOUNTS), actor=comms)


def test_a_case_with_open_items_cannot_be_signed_off(case, line):
    head, _, _ = line
    with pytest.raises(ValidationError, match="not done yet"):
        case_sign_off(case=case, actor=head)
    case.refresh_from_db()
    assert case.status == LeaverCase.Status.OPEN


def test_the_managers_manager_signs_off_a_case_the_manager_started(case, line, desk, comms):
    head, manager, _ = line
    tick_all(case, desk, comms)
    with pytest.raises(ValidationError, match="cannot sign off"):
        case_sign_off(case=case, actor=manager)

    case = case_sign_off(case=case, actor=head)

    assert (case.status, case.signed_off_by) == (LeaverCase.Status.SIGNED_OFF, head)
    record = Record.objects.get(pk=case.record_id)
    assert record.kind == "leaver" and record.subject == case.person
    assert len(record.evidence["items"]) == case.items.count()
    assert all(item["done_by"] for item in record.evidence["items"])


def test_overdue_items_remind_their_owners_once_and_then_escalate(case, leaver, desk):
    first = items_remind_and_escalate(today=LAST_DAY + dt.timedelta(days=1))
    again = items_remind_and_escalate(today=LAST_DAY + dt.timedelta(days=1))
    reminders = Notification.objects.filter(kind="leaver_item_overdue", recipient=desk)
    assert first["overdue"] == again["overdue"] > 0
    assert reminders.count() == 3  # disable accounts, the phone, the laptop

    items_remind_and_escalate(today=LAST_DAY + dt.timedelta(days=8))
    escalated = Notification.objects.filter(kind="leaver_item_escalated")
    assert {n.recipient for n in escalated} == {leaver.line_manager}
