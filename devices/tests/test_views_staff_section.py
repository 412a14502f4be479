"""A person's devices on their staff page, for whoever may see the device register."""

import pytest
from django.urls import reverse

from kernel.roles import RoleKey
from staff.tests.factories import UserFactory

from .factories import DeviceFactory, PoolUserFactory

pytestmark = pytest.mark.django_db


def test_the_staff_page_lists_the_devices_the_person_holds(mfa_client, role_holder):
    viewer = role_holder(RoleKey.ADMINISTRATOR)
    person = UserFactory()
    DeviceFactory(asset_tag="OPCC-MINE", issued=True, holder=person)
    PoolUserFactory(person=person, device__asset_tag="OPCC-POOL", device__pool_team__name="Desk")
    DeviceFactory(asset_tag="OPCC-RETURNED", status="returned")

    page = mfa_client(viewer).get(reverse("staff:detail", args=[person.pk])).content.decode()

    assert "OPCC-MINE" in page
    assert "OPCC-POOL" in page and "pool device of Desk" in page
    assert "OPCC-RETURNED" not in page


def test_the_section_is_left_out_for_those_who_may_not_see_the_register(
    mfa_client, chief_executive
):
    person = UserFactory()
    DeviceFactory(asset_tag="OPCC-MINE", issued=True, holder=person)

    response = mfa_client(chief_executive).get(reverse("staff:detail", args=[person.pk]))

    assert response.status_code == 200
    assert "OPCC-MINE" not in response.content.decode()
    assert 'id="devices-title"' not in response.content.decode()
