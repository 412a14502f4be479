"""The device register: who sees it, its filters, and the CSV export."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from devices.models import Device, DeviceKind
from kernel.roles import RoleKey
from staff.tests.factories import TeamFactory, UserFactory

from .factories import DeviceFactory

pytestmark = pytest.mark.django_db

URL = reverse("devices:device_list")


@pytest.fixture
def desk(role_holder):
    return role_holder(RoleKey.IT_SERVICE_DESK, full_name="Dana Desk")


def test_the_it_service_desk_sees_every_device_with_who_has_it(mfa_client, desk):
    holder = UserFactory(full_name="Harper Holder")
    DeviceFactory(asset_tag="OPCC-0001", issued=True, holder=holder)
    DeviceFactory(asset_tag="OPCC-0002", pool=True, pool_team=TeamFactory(name="Contact centre"))

    response = mfa_client(desk).get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "OPCC-0001" in page and "Harper Holder" in page
    assert "Pool of Contact centre" in page
    assert "Add a device" in page


@pytest.mark.parametrize("role", [RoleKey.AUDITOR, RoleKey.ADMINISTRATOR])
def test_auditors_and_administrators_read_it_without_the_buttons_to_change_it(
    mfa_client, role_holder, role
):
    DeviceFactory(asset_tag="OPCC-0001")

    response = mfa_client(role_holder(role)).get(URL)

    assert response.status_code == 200
    assert "OPCC-0001" in response.content.decode()
    assert "Add a device" not in response.content.decode()


def test_anyone_else_is_refused(mfa_client, person):
    assert mfa_client(person).get(URL).status_code == 403


def test_the_filters_narrow_the_list(mfa_client, desk):
    DeviceFactory(asset_tag="OPCC-PHONE", kind=DeviceKind.PHONE, issued=True)
    DeviceFactory(asset_tag="OPCC-LAPTOP", kind=DeviceKind.LAPTOP, to_complete=True)

    client = mfa_client(desk)
    by_kind = client.get(URL, {"kind": "laptop"}).content.decode()
    by_status = client.get(URL, {"status": "issued"}).content.decode()
    to_complete = client.get(URL, {"to_complete": "on"}).content.decode()

    assert "OPCC-LAPTOP" in by_kind and "OPCC-PHONE" not in by_kind
    assert "OPCC-PHONE" in by_status and "OPCC-LAPTOP" not in by_status
    assert "OPCC-LAPTOP" in to_complete and "OPCC-PHONE" not in to_complete


def test_the_list_takes_the_same_number_of_queries_however_many_devices(
    mfa_client, desk, django_assert_max_num_queries
):
    client = mfa_client(desk)
    DeviceFactory.create_batch(3, issued=True)
    client.get(URL)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    DeviceFactory.create_batch(20, issued=True)
    DeviceFactory.create_batch(5, pool=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_the_export_is_csv_of_the_filtered_register_and_is_audited(mfa_client, desk):
    DeviceFactory(asset_tag="OPCC-0001", issued=True, holder=UserFactory(full_name="Harper"))
    DeviceFactory(asset_tag="=CMD()", kind=DeviceKind.LAPTOP)

    response = mfa_client(desk).get(reverse("devices:export"), {"kind": "phone"})

    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "OPCC-0001,Mobile phone" in body and "Harper" in body
    assert "CMD" not in body
    assert AuditEvent.objects.filter(actor=desk, action__startswith="device").exists()


def test_a_cell_that_looks_like_a_formula_is_exported_as_text(mfa_client, desk):
    DeviceFactory(asset_tag="=CMD()")

    response = mfa_client(desk).get(reverse("devices:export"))

    assert "'=CMD()" in b"".join(response.streaming_content).decode()
    assert Device.objects.count() == 1
