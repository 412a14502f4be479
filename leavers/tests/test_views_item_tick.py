"""Ticking an item of a leaver case: by its owner, with a note; a device recovered or lost."""

import pytest
from django.urls import reverse

from approvals.models import Task
from devices.models import Device
from devices.tests.factories import DeviceFactory
from kernel.roles import RoleKey
from leavers.models import CaseItem

from .factories import CaseItemFactory

pytestmark = pytest.mark.django_db


def url(item):
    return reverse("leavers:item_tick", args=[item.case.pk, item.pk])


@pytest.fixture
def desk(role_holder):
    return role_holder(RoleKey.IT_SERVICE_DESK, full_name="Dana Desk")


def test_the_owner_ticks_an_item_with_a_note(mfa_client, desk):
    item = CaseItemFactory()

    response = mfa_client(desk).post(url(item), {"note": "Disabled at 17:30."})

    assert response.status_code == 302
    item.task.refresh_from_db()
    assert item.task.status == Task.Status.DONE
    assert item.task.done_by == desk
    assert item.task.note == "Disabled at 17:30."


def test_a_device_is_recovered(mfa_client, desk):
    device = DeviceFactory(issued=True)
    item = CaseItemFactory(case__person=device.holder, what=CaseItem.What.DEVICE, device=device)

    response = mfa_client(desk).post(url(item), {"outcome": "recovered", "note": ""})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.status == Device.Status.RETURNED


def test_a_device_not_handed_back_is_recorded_lost(mfa_client, desk):
    device = DeviceFactory(issued=True)
    item = CaseItemFactory(case__person=device.holder, what=CaseItem.What.DEVICE, device=device)

    mfa_client(desk).post(url(item), {"outcome": "lost", "note": "Not handed in."})

    device.refresh_from_db()
    assert device.status == Device.Status.LOST


def test_a_device_needs_an_outcome(mfa_client, desk):
    device = DeviceFactory(issued=True)
    item = CaseItemFactory(case__person=device.holder, what=CaseItem.What.DEVICE, device=device)

    response = mfa_client(desk).post(url(item), {"note": "Typed before forgetting"})

    assert response.status_code == 400
    assert "Typed before forgetting" in response.content.decode()
    item.task.refresh_from_db()
    assert item.task.status == Task.Status.OPEN


def test_someone_else_is_sent_back_to_the_case(mfa_client):
    item = CaseItemFactory()

    response = mfa_client(item.case.started_by).post(url(item), {"note": "Mine now"})

    assert response.status_code == 302
    item.task.refresh_from_db()
    assert item.task.status == Task.Status.OPEN


def test_an_outsider_gets_not_found(mfa_client, person):
    item = CaseItemFactory()

    assert mfa_client(person).get(url(item)).status_code == 404


def test_the_task_page_sends_a_leaver_item_to_its_own_page(mfa_client, desk):
    device = DeviceFactory(issued=True)
    item = CaseItemFactory(case__person=device.holder, what=CaseItem.What.DEVICE, device=device)
    client = mfa_client(desk)
    task_page = reverse("approvals:task_detail", args=[item.task.pk])

    assert client.get(task_page).url == url(item)
    response = client.post(task_page, {"note": "Done."})

    assert response.url == url(item)
    item.task.refresh_from_db()
    assert item.task.status == Task.Status.OPEN
