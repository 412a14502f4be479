"""The organisation settings page: administrators only, every change audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from kernel.platforms import Platform
from kernel.roles import RoleKey
from staff import services
from staff.authority_presets import PRESETS
from staff.models import Role
from staff.selectors import organisation_settings

pytestmark = pytest.mark.django_db

URL = reverse("staff:organisation_settings")


def form_data(**overrides):
    data = {
        "device_abroad_notice_days": "7",
        "escalation_working_days": "5",
        "fallback_role": "",
        "security_advice": "Keep the device with you.",
        "platforms_for_individuals": ["twitter", "wordpress"],
        "platforms_for_teams": ["twitter", "wordpress"],
        "platforms_for_organisation": ["twitter", "facebook", "youtube"],
        "platform_rules_clause": "003 §3.3",
        "account_disclaimer": "",
    }
    return {**data, **overrides}


def test_an_administrator_sees_the_current_settings(mfa_client, admin_user):
    response = mfa_client(admin_user).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Organisation settings" in content
    assert 'name="escalation_working_days" value="5"' in content


def test_an_administrator_saves_the_settings_and_it_is_audited(mfa_client, admin_user):
    siro = Role.objects.get(key=RoleKey.SIRO)
    response = mfa_client(admin_user).post(URL, form_data(fallback_role=str(siro.pk)), follow=True)
    assert b"The organisation settings have been saved." in response.content
    settings = organisation_settings()
    assert (settings.device_abroad_notice_days, settings.fallback_role) == (7, siro)
    assert settings.security_advice == "Keep the device with you."
    event = AuditEvent.objects.get(action="organisation_settings.changed")
    assert event.actor == admin_user
    assert event.details["fallback_role"] == {"from": None, "to": RoleKey.SIRO}
    assert f"Last changed by {admin_user.full_name}" in response.content.decode()


def test_bad_input_is_refused_and_what_was_typed_is_kept(mfa_client, admin_user):
    response = mfa_client(admin_user).post(
        URL, form_data(device_abroad_notice_days="-3", security_advice="Lock the laptop.")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'value="-3"' in content
    assert "Lock the laptop." in content
    assert organisation_settings().device_abroad_notice_days == 0
    assert not AuditEvent.objects.filter(action="organisation_settings.changed").exists()


def test_saving_asks_to_confirm_who_you_are_if_not_recent(mfa_client, admin_user):
    response = mfa_client(admin_user, recently=False).post(URL, form_data())
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert organisation_settings().device_abroad_notice_days == 0


@pytest.mark.parametrize("fixture", ["person", "manager", "auditor", "chief_executive"])
def test_refuses_everyone_but_administrators(request, mfa_client, fixture):
    client = mfa_client(request.getfixturevalue(fixture))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    assert organisation_settings().device_abroad_notice_days == 0


def test_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_an_administrator_chooses_the_platforms_each_kind_of_account_may_be_on(
    mfa_client, admin_user
):
    data = form_data(platforms_for_teams=["wordpress", "twitter", "tiktok"])
    response = mfa_client(admin_user).post(URL, data, follow=True)
    assert b"The organisation settings have been saved." in response.content
    settings = organisation_settings()
    assert settings.platforms_for_individuals == ["twitter", "wordpress"]
    # Kept in the portal's own order, whatever order the boxes came in.
    assert settings.platforms_for_teams == ["twitter", "tiktok", "wordpress"]
    assert settings.platforms_for_organisation == ["twitter", "facebook", "youtube"]
    assert settings.platform_rules_clause == "003 §3.3"


def test_a_platform_the_portal_does_not_know_is_refused(mfa_client, admin_user):
    response = mfa_client(admin_user).post(URL, form_data(platforms_for_teams=["myspace"]))
    assert response.status_code == 200
    assert "Select a valid choice. myspace is not one of the available choices." in (
        response.content.decode()
    )
    assert organisation_settings().platforms_for_teams == list(Platform.values)


def test_platforms_the_policy_does_not_set_are_marked_for_review(mfa_client, admin_user):
    services.authority_matrix_load(preset=PRESETS["durham"], actor=None, name="durham")
    content = mfa_client(admin_user).get(URL).content.decode()
    assert "Not set by the policy: review before use." in content
    data = form_data(platform_rules_review_needed="")
    mfa_client(admin_user).post(URL, data)
    assert organisation_settings().platform_rules_review_needed is False
