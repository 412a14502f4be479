"""The device register in Django admin: readable, never changeable."""

import pytest
from django.urls import reverse

from .factories import DeviceEventFactory, PoolUserFactory

pytestmark = pytest.mark.django_db


def test_a_device_shows_with_its_pool_users_and_history_and_cannot_be_changed(superuser_client):
    named = PoolUserFactory(device__asset_tag="OPCC-ADMIN-1")
    DeviceEventFactory(device=named.device, note="Bought in March")
    changelist = superuser_client.get(reverse("admin:devices_device_changelist"))
    change = superuser_client.get(reverse("admin:devices_device_change", args=[named.device.pk]))
    assert changelist.status_code == change.status_code == 200
    html = change.content.decode()
    assert "OPCC-ADMIN-1" in changelist.content.decode()
    assert named.person.full_name in html and "Bought in March" in html
    assert superuser_client.get(reverse("admin:devices_device_add")).status_code == 403
    deleted = superuser_client.post(
        reverse("admin:devices_device_delete", args=[named.device.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
