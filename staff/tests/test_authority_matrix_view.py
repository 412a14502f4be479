import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.authority_presets import DECISION_NAMES, PRESETS
from staff.models import AuthorityRule, AuthorityStep
from staff.services import authority_matrix_load
from staff.tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db

URL = reverse("staff:authority_matrix")
LOAD = reverse("staff:authority_matrix_load")


@pytest.fixture
def matrix():
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )


def test_shows_each_decision_its_steps_and_current_holders(mfa_client, admin_user, matrix):
    chief = UserFactory(full_name="Helen Chief")
    give_role(chief, RoleKey.CHIEF_EXECUTIVE)
    response = mfa_client(admin_user).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Taking a device abroad" in content
    assert "Helen Chief" in content
    assert "Self-authorised" in content
    assert "The requester's line manager" in content
    assert "Nobody holds this role" in content  # no one is Information Security
    assert "Office of the Police and Crime Commissioner, West Midlands" in content
    assert "Load this policy" in content


def test_shows_what_each_step_does_its_clause_and_the_steps_to_review(
    mfa_client, admin_user, matrix
):
    content = mfa_client(admin_user).get(URL).content.decode()
    assert "is consulted: gives advice, cannot refuse" in content
    assert "is told and acknowledges" in content
    assert "Policy clause 000 §54" in content
    assert "Policy clause 000 App. A §17" in content
    assert "Not set by the policy: review before use" in content


def test_shows_the_organisation_settings_and_links_administrators_to_them(
    mfa_client, admin_user, auditor, matrix
):
    settings_url = reverse("staff:organisation_settings")
    content = mfa_client(admin_user).get(URL).content.decode()
    assert "Notice before taking a device abroad" in content
    assert "7 days" in content
    assert settings_url in content
    assert settings_url not in mfa_client(auditor).get(URL).content.decode()


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive"])
def test_readers_see_the_matrix_but_cannot_load_a_preset(request, mfa_client, fixture, matrix):
    client = mfa_client(request.getfixturevalue(fixture))
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Load this policy" not in response.content
    assert client.post(LOAD, {"preset": "durham", "confirm": "on"}).status_code == 403
    assert (
        AuthorityStep.objects.get(rule__decision_key="device.abroad", order=1).role.key
        == RoleKey.INFORMATION_SECURITY
    )


def test_an_administrator_loads_a_preset_and_it_is_audited(mfa_client, admin_user, matrix):
    response = mfa_client(admin_user).post(LOAD, {"preset": "durham", "confirm": "on"}, follow=True)
    loaded = f"Loaded {len(DECISION_NAMES)} decisions from the policy of Durham Constabulary."
    assert loaded in response.content.decode()
    assert AuthorityStep.objects.get(rule__decision_key="device.abroad").role.key == RoleKey.SIRO
    event = AuditEvent.objects.filter(action="authority_matrix.changed").order_by("-seq").first()
    assert (event.actor, event.details["preset"]) == (admin_user, "durham")


def test_loading_needs_the_confirmation_ticked(mfa_client, admin_user, matrix):
    response = mfa_client(admin_user).post(LOAD, {"preset": "durham"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b'value="durham" selected' in response.content
    assert (
        AuthorityStep.objects.get(rule__decision_key="device.abroad", order=1).role.key
        == RoleKey.INFORMATION_SECURITY
    )


def test_loading_asks_to_confirm_who_you_are_if_not_recent(mfa_client, admin_user, matrix):
    response = mfa_client(admin_user, recently=False).post(
        LOAD, {"preset": "durham", "confirm": "on"}
    )
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_an_empty_matrix_says_so(mfa_client, admin_user):
    response = mfa_client(admin_user).get(URL)
    assert b"The authority matrix is empty" in response.content
    assert not AuthorityRule.objects.exists()


def test_refuses_ordinary_staff_and_line_managers(mfa_client, person, manager):
    assert mfa_client(person).get(URL).status_code == 403
    assert mfa_client(manager).get(URL).status_code == 403


def test_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_runs_the_same_number_of_queries_however_many_holders(mfa_client, admin_user, matrix):
    client = mfa_client(admin_user)

    def queries():
        client.get(URL)
        with CaptureQueriesContext(connection) as captured:
            client.get(URL)
        return len(captured)

    few = queries()
    for key in (RoleKey.CHIEF_EXECUTIVE, RoleKey.INFORMATION_SECURITY, RoleKey.COMMUNICATIONS):
        for _ in range(3):
            give_role(UserFactory(), key)
    assert queries() == few


def test_shows_the_platforms_each_kind_of_account_may_be_on(mfa_client, admin_user, matrix):
    content = mfa_client(admin_user).get(URL).content.decode()
    assert "Social-media platforms for an account of a team" in content
    assert "Twitter/X, WordPress blog" in content
    assert "Social-media accounts: who keeps their passwords and is told of changes" in content
    authority_matrix_load(preset=PRESETS["essex-pfcc"], actor=None, name="essex-pfcc")
    content = mfa_client(admin_user).get(URL).content.decode()
    assert "Policy clause 002 §3.0" in content
