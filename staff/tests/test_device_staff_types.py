"""Who may be issued each kind of device: an organisation setting, set on its page or by a preset."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from staff import services
from staff.authority_presets import PRESETS
from staff.selectors import organisation_settings

from .test_organisation_settings_view import form_data

pytestmark = pytest.mark.django_db

URL = reverse("staff:organisation_settings")


def test_the_page_shows_a_row_of_staff_types_for_each_kind_of_device(mfa_client, admin_user):
    services.organisation_settings_update(actor=None, device_staff_types={"phone": ["agency"]})
    content = mfa_client(admin_user).get(URL).content.decode()
    assert "Issued devices" in content and "Body-worn camera" in content
    assert 'name="device_staff_types_phone" value="agency"' in content
    checked = content.split('name="device_staff_types_phone" value="agency"')[1].split(">")[0]
    assert "checked" in checked


def test_an_administrator_limits_phones_to_some_staff_types(mfa_client, admin_user):
    data = form_data(
        device_staff_types_phone=["temporary", "permanent"], device_staff_types_laptop=[]
    )
    response = mfa_client(admin_user).post(URL, data)
    assert response.status_code == 302
    assert organisation_settings().device_staff_types == {"phone": ["permanent", "temporary"]}
    event = AuditEvent.objects.get(action="organisation_settings.changed")
    assert event.details["device_staff_types"] == {
        "from": {},
        "to": {"phone": ["permanent", "temporary"]},
    }
    assert organisation_settings().staff_types_for_device("laptop") == []


def test_an_unknown_staff_type_is_refused(mfa_client, admin_user):
    response = mfa_client(admin_user).post(URL, form_data(device_staff_types_phone=["astronaut"]))
    assert response.status_code != 302
    assert organisation_settings().device_staff_types == {}
    with pytest.raises(ValidationError):
        services.organisation_settings_update(
            actor=None, device_staff_types={"phone": ["astronaut"]}
        )


def test_the_essex_preset_issues_phones_only_to_permanent_temporary_and_agency_staff():
    services.authority_matrix_load(preset=PRESETS["essex-pfcc"], actor=None, name="essex-pfcc")
    assert organisation_settings().device_staff_types == {
        "phone": ["permanent", "temporary", "agency"]
    }
    services.authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    assert organisation_settings().device_staff_types == {}
