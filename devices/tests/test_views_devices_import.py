"""Importing an existing inventory: every bad row named with its line, nothing imported
unless all are good; a good file is previewed, then imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devices.models import Device
from kernel.roles import RoleKey
from staff.tests.factories import TeamFactory, UserFactory

from .factories import DeviceFactory

pytestmark = pytest.mark.django_db

URL = reverse("devices:import")
HEADER = "asset_tag,kind,serial,model,holder_email,pool_team,issued_on\n"


@pytest.fixture
def desk_client(mfa_client, role_holder):
    return mfa_client(role_holder(RoleKey.IT_SERVICE_DESK))


def upload(client, text: str):
    return client.post(URL, {"file": SimpleUploadedFile("inventory.csv", text.encode())})


def test_a_good_file_is_previewed_then_imported(desk_client):
    holder = UserFactory(email="harper@example.org")
    TeamFactory(name="Contact centre")
    text = (
        HEADER + "OPCC-0001,Mobile phone,35001,iPhone 15,harper@example.org,,2025-03-31\n"
        "OPCC-0002,tablet,,,,contact centre,\n"
        "OPCC-0003,Laptop,SN3,,,,\n"
    )

    preview = upload(desk_client, text)
    assert preview.status_code == 200
    assert Device.objects.count() == 0
    digest = preview.context["digest"]
    response = desk_client.post(reverse("devices:import_confirm"), {"digest": digest})

    assert response.status_code == 302
    phone, tablet, laptop = Device.objects.order_by("asset_tag")
    assert (phone.status, phone.holder, str(phone.issued_on)) == ("issued", holder, "2025-03-31")
    assert (tablet.status, tablet.pool_team.name) == ("issued", "Contact centre")
    assert laptop.status == "in_stock"


def test_every_bad_row_is_named_with_its_line_and_nothing_is_imported(desk_client):
    DeviceFactory(asset_tag="OPCC-TAKEN")
    text = (
        HEADER + "OPCC-0001,Mobile phone,,,,,\n"
        "OPCC-0002,Toaster,,,,,\n"
        "opcc-taken,Laptop,,,,,\n"
        "OPCC-0003,Laptop,,,nobody@example.org,,\n"
        "OPCC-0001,Laptop,,,,,31/02/2025\n"
    )

    response = upload(desk_client, text)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing has been imported" in page
    errors = {error.line: error.reasons for error in response.context["result"].errors}
    assert set(errors) == {3, 4, 5, 6}
    assert "is not one of" in errors[3][0]
    assert errors[4] == ["This asset tag is already on the register."]
    assert "nobody@example.org" in errors[5][0]
    assert "also on line 2" in " ".join(errors[6])
    assert Device.objects.count() == 1


def test_a_file_that_is_not_csv_text_is_refused(desk_client):
    response = desk_client.post(
        URL, {"file": SimpleUploadedFile("inventory.csv", b"\x00\x01binary")}
    )

    assert response.status_code == 400
    assert "not a CSV text file" in response.content.decode()


def test_an_unknown_column_is_named(desk_client):
    response = upload(desk_client, "asset_tag,kind,colour\nA,phone,red\n")

    assert response.status_code == 400
    assert "Unknown column &#x27;colour&#x27;" in response.content.decode()


def test_a_confirmation_without_the_previewed_file_is_sent_back(desk_client):
    response = desk_client.post(reverse("devices:import_confirm"), {"digest": "nope"})

    assert response.status_code == 302
    assert response.url == URL


def test_only_the_desk_imports(mfa_client, auditor):
    assert mfa_client(auditor).get(URL).status_code == 403
