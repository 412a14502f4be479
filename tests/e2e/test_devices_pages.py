"""The device register in a real browser: axe-core finds nothing on the list, a device's
page, the import and its preview, a person's staff page with their devices, or any
form sent with errors; each page is saved as a screenshot for people to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from devices import services
from kernel.roles import RoleKey
from staff.tests.factories import TeamFactory, UserFactory, enable_totp, give_role
from tests.e2e.conftest import assert_accessible, screenshot

SHOTS = Path("/tmp/shots11")


def _person(full_name, *, role=None, **fields):
    email = full_name.lower().replace(" ", ".") + "@opcc.example.org"
    user = UserFactory(full_name=full_name, email=email, **fields)
    if role:
        give_role(user, role)
        user.totp_secret = enable_totp(user)
    return user


@pytest.fixture
def register(transactional_db):
    """The IT service desk, a phone issued, a laptop in stock, a pool tablet with a user,
    and a phone converted from the old marks with details to complete."""
    team = TeamFactory(name="Contact Centre")
    desk = _person("Dana Desk", role=RoleKey.IT_SERVICE_DESK, job_title="Service Desk Analyst")
    holder = _person("Harper Holder", job_title="Caseworker", team=team)
    phone = services.device_add(actor=desk, kind="phone", asset_tag="OPCC-0100", model="iPhone 15")
    services.device_issue(device=phone, person=holder, actor=desk)
    laptop = services.device_add(actor=desk, kind="laptop", asset_tag="OPCC-L-0007")
    tablet = services.device_add(actor=desk, kind="tablet", asset_tag="OPCC-T-0003")
    services.pool_create(device=tablet, team=team, actor=desk)
    services.pool_user_add(device=tablet, person=holder, actor=desk)
    old = services.device_add(actor=desk, kind="phone", asset_tag="UNRECORDED-1")
    services.device_update(device=old, actor=desk, to_complete=True)
    return {"desk": desk, "holder": holder, "phone": phone, "laptop": laptop, "tablet": tablet}


def _check(page, name: str) -> None:
    assert_accessible(page, name)
    slug = f"devices-{name.replace(' ', '-')}"
    screenshot(page, slug)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{slug}.png"), full_page=True)


def _submit_with_errors(page, button: str, name: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    _check(page, name)


def test_the_register_a_device_and_a_staff_page_are_accessible(
    register, administrator, browser_as, live_server
):
    page = browser_as(register["desk"])

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Devices", exact=True).click()
    expect(page.get_by_role("heading", name="Devices", level=1)).to_be_visible()
    _check(page, "list")

    page.get_by_label("Only devices with details to complete").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status").filter(has_text="1 device")).to_be_visible()
    page.get_by_role("link", name="UNRECORDED-1").click()
    expect(page.get_by_role("heading", name="UNRECORDED-1", level=1)).to_be_visible()
    _check(page, "device to complete")

    page.goto(f"{live_server.url}/devices/{register['tablet'].pk}/")
    expect(page.get_by_role("heading", name="Named users")).to_be_visible()
    _check(page, "pool device")

    page = browser_as(administrator)
    page.goto(f"{live_server.url}/staff/{register['holder'].pk}/")
    expect(page.get_by_role("link", name="Mobile phone OPCC-0100")).to_be_visible()
    _check(page, "staff page section")


def test_every_form_with_errors_is_accessible(register, browser_as, live_server, tmp_path):
    page = browser_as(register["desk"])
    base = f"{live_server.url}/devices"
    phone, laptop = register["phone"], register["laptop"]

    page.goto(f"{base}/add/")
    _submit_with_errors(page, "Add the device", "add with errors")

    page.goto(f"{base}/{laptop.pk}/edit/")
    page.get_by_label("Asset tag").fill("OPCC-0100")
    _submit_with_errors(page, "Save", "edit with errors")

    page.goto(f"{base}/{laptop.pk}/issue/")
    _submit_with_errors(page, "Issue the device", "issue with errors")

    page.goto(f"{base}/{phone.pk}/lost/")
    _submit_with_errors(page, "Record as lost or stolen", "lost with errors")

    page.goto(f"{base}/{laptop.pk}/pool/")
    _submit_with_errors(page, "Give it to the team's pool", "pool with errors")

    page.goto(f"{base}/{register['tablet'].pk}/pool/users/")
    _submit_with_errors(page, "Name them", "pool user with errors")

    page.goto(f"{base}/import/")
    _check(page, "import")
    bad = tmp_path / "inventory.csv"
    bad.write_text("asset_tag,kind,holder_email\nOPCC-0100,phone,\nOPCC-9,toaster,nobody@x.org\n")
    page.get_by_label("CSV file of devices").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Nothing has been imported")).to_be_visible()
    _check(page, "import with errors")

    good = tmp_path / "good.csv"
    good.write_text("asset_tag,kind,model\nOPCC-0200,Laptop,ThinkPad T14\n")
    page.get_by_label("CSV file of devices").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import of devices")).to_be_visible()
    _check(page, "import preview")
    page.get_by_role("button", name="Import 1 device").click()
    expect(page.get_by_text("Imported good.csv: 1 device.")).to_be_visible()
