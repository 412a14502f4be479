"""A device's page and the forms that change it: add, details, issue, return, lost or
stolen, dispose, pool devices and their users."""

import pytest
from django.urls import reverse

from devices import rules
from devices.models import Device, DeviceEvent, PoolUser
from kernel.roles import RoleKey
from staff.tests.factories import TeamFactory, UserFactory

from .factories import DeviceFactory, PoolUserFactory

pytestmark = pytest.mark.django_db
Status = Device.Status


@pytest.fixture
def desk(role_holder):
    return role_holder(RoleKey.IT_SERVICE_DESK, full_name="Dana Desk")


@pytest.fixture
def desk_client(mfa_client, desk):
    return mfa_client(desk)


@pytest.fixture
def procedures_unsigned():
    """A check refusing every issue until the security procedures are signed."""

    def check(person, device_kind):
        return [rules.IssueRefusal("Sign the security operating procedures first.", "/sign/")]

    rules.register_issue_check(check)
    yield
    rules._issue_checks.remove(check)


def url(name, device, *args):
    return reverse(f"devices:{name}", args=[device.pk, *args])


def test_a_device_page_shows_its_details_and_history(desk_client):
    device = DeviceFactory(asset_tag="OPCC-0001", issued=True, holder__full_name="Harper")
    DeviceEvent.objects.create(
        device=device, action="issued", person=device.holder, occurred_at=device.created_at
    )

    page = desk_client.get(url("device_detail", device)).content.decode()

    assert "OPCC-0001" in page and "Harper" in page and "Take back" in page


def test_an_auditor_reads_a_device_page_but_no_change_is_offered(mfa_client, auditor):
    device = DeviceFactory(issued=True)

    response = mfa_client(auditor).get(url("device_detail", device))

    assert response.status_code == 200
    assert "Take back" not in response.content.decode()
    assert mfa_client(auditor).get(url("device_return", device)).status_code == 403


def test_staff_without_the_role_cannot_open_a_device(mfa_client, person):
    device = DeviceFactory(holder=person, issued=True)
    assert mfa_client(person).get(url("device_detail", device)).status_code == 403


def test_the_desk_adds_a_device_in_stock(desk_client):
    data = {"kind": "laptop", "asset_tag": " OPCC-L-1 ", "serial": "SN1", "model": "", "notes": ""}

    response = desk_client.post(reverse("devices:device_add"), data)

    device = Device.objects.get()
    assert response.status_code == 302
    assert (device.asset_tag, device.status) == ("OPCC-L-1", Status.IN_STOCK)


def test_a_duplicate_asset_tag_is_refused_and_what_was_typed_is_kept(desk_client):
    DeviceFactory(asset_tag="OPCC-0001")
    data = {"kind": "phone", "asset_tag": "opcc-0001", "serial": "IMEI-KEPT", "model": ""}

    response = desk_client.post(reverse("devices:device_add"), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "already has the asset tag" in page and "IMEI-KEPT" in page


def test_completing_the_details_of_a_converted_device(desk_client):
    device = DeviceFactory(asset_tag="UNRECORDED-1", to_complete=True, issued=True)
    data = {"kind": "phone", "asset_tag": "OPCC-0100", "serial": "35", "model": "Pixel 8"}

    response = desk_client.post(url("device_edit", device), data)

    device.refresh_from_db()
    assert response.status_code == 302
    assert (device.asset_tag, device.model, device.to_complete) == ("OPCC-0100", "Pixel 8", False)


def test_the_desk_issues_a_device_to_a_person(desk_client):
    device, person = DeviceFactory(), UserFactory()

    response = desk_client.post(url("device_issue", device), {"person": person.email})

    device.refresh_from_db()
    assert response.status_code == 302
    assert (device.status, device.holder) == (Status.ISSUED, person)


def test_an_issue_refused_says_why_and_links_to_what_must_come_first(
    desk_client, procedures_unsigned
):
    device, person = DeviceFactory(), UserFactory()

    response = desk_client.post(url("device_issue", device), {"person": person.email})

    page = response.content.decode()
    device.refresh_from_db()
    assert response.status_code == 400
    assert "Sign the security operating procedures first." in page
    assert 'href="/sign/"' in page
    assert person.email in page
    assert device.status == Status.IN_STOCK


def test_an_issued_device_cannot_be_issued_again(desk_client):
    device = DeviceFactory(issued=True)

    response = desk_client.get(url("device_issue", device))

    assert response.status_code == 302
    assert response.url == url("device_detail", device)


def test_taking_a_device_back(desk_client):
    device = DeviceFactory(issued=True)

    response = desk_client.post(url("device_return", device), {"note": "Left the team."})

    device.refresh_from_db()
    assert response.status_code == 302
    assert (device.status, device.holder) == (Status.RETURNED, None)


def test_lost_or_stolen_needs_a_note(desk_client):
    device = DeviceFactory(issued=True)

    refused = desk_client.post(url("device_lost", device), {"note": ""})
    done = desk_client.post(url("device_lost", device), {"note": "Stolen from a car."})

    device.refresh_from_db()
    assert refused.status_code == 400
    assert done.status_code == 302
    assert device.status == Status.LOST


def test_disposing_of_a_returned_device(desk_client):
    device = DeviceFactory(status=Status.RETURNED)

    response = desk_client.post(url("device_dispose", device), {"note": "Wiped."})

    device.refresh_from_db()
    assert response.status_code == 302
    assert device.status == Status.DISPOSED


def test_a_pool_device_for_a_team_and_its_named_users(desk_client):
    device, team, person = DeviceFactory(), TeamFactory(name="Contact centre"), UserFactory()

    desk_client.post(url("device_pool", device), {"team": team.pk})
    desk_client.post(url("pool_user_add", device), {"person": person.email})

    device.refresh_from_db()
    assert (device.status, device.pool_team) == (Status.ISSUED, team)
    pool_user = PoolUser.objects.current().get(device=device)
    assert pool_user.person == person
    page = desk_client.get(url("device_detail", device)).content.decode()
    assert person.full_name in page


def test_a_pool_user_refused_is_told_what_must_come_first(desk_client, procedures_unsigned):
    device = DeviceFactory(pool=True)

    response = desk_client.post(url("pool_user_add", device), {"person": UserFactory().email})

    assert response.status_code == 400
    assert 'href="/sign/"' in response.content.decode()
    assert not PoolUser.objects.exists()


def test_removing_a_pool_user(desk_client):
    pool_user = PoolUserFactory()

    response = desk_client.post(url("pool_user_remove", pool_user.device, pool_user.pk))

    pool_user.refresh_from_db()
    assert response.status_code == 302
    assert pool_user.removed_at is not None


def test_removing_a_pool_user_of_another_device_is_not_found(desk_client):
    pool_user, other = PoolUserFactory(), DeviceFactory(pool=True)

    response = desk_client.post(url("pool_user_remove", other, pool_user.pk))

    assert response.status_code == 404
