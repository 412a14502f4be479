import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts_registry.models import Account
from audit.models import AuditEvent
from devices.models import Device
from kernel.roles import RoleKey
from leavers.models import CaseItem
from staff.models import AuthorityRule, RoleAssignment, StaffType, Team, User
from staff.roles import DEFAULT_ROLES
from staff.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", TEST_PASSWORD)
    call_command("seed_demo")
    return capsys.readouterr().out


def snapshot():
    return {
        "people": sorted(
            User.objects.values_list(
                "email",
                "full_name",
                "password",
                "team__name",
                "line_manager__email",
                "mailbox_nominee__email",
                "staff_type",
                "start_date",
                "leaving_date",
                "is_active",
            )
        ),
        "roles": sorted(
            RoleAssignment.objects.values_list("user__email", "role__key", "starts_on", "ends_on")
        ),
        "teams": sorted(Team.objects.values_list("name", flat=True)),
        "matrix": sorted(
            AuthorityRule.objects.values_list("decision_key", "steps__order", "steps__role__key")
        ),
        "accounts": sorted(Account.objects.values_list("platform", "handle", "status")),
        "devices": sorted(Device.objects.values_list("asset_tag", "status", "holder__email")),
        "leaver_items": sorted(CaseItem.objects.values_list("case__person__email", "what", "task__status")),
        "audit_events": AuditEvent.objects.count(),
    }


def test_creates_a_believable_organisation(seeded, settings):
    people = User.objects.all()
    assert 35 <= people.count() <= 45
    assert Team.objects.count() == 6
    assert all(p.email.endswith("@" + settings.ORGANISATION_EMAIL_DOMAIN) for p in people)
    assert {p.staff_type for p in people} == set(StaffType.values)
    for key, _, _ in DEFAULT_ROLES:
        assert RoleAssignment.objects.current().filter(role__key=key).exists(), key
    assert people.filter(line_manager__isnull=True).count() == 1  # only the Chief Executive
    assert people.filter(leaving_date__isnull=False).count() == 2
    assert people.filter(is_active=False).count() == 1  # the one who has already left
    assert AuthorityRule.objects.exists()


def test_sets_the_demo_password_and_prints_how_to_sign_in(seeded):
    admin = User.objects.get(email="joanne.whittaker@opcc.example.org")
    assert admin.has_role(RoleKey.ADMINISTRATOR)
    assert admin.check_password(TEST_PASSWORD)
    assert "joanne.whittaker@opcc.example.org" in seeded
    assert f"Password for every demo account: {TEST_PASSWORD}" in seeded
    assert "authenticator app" in seeded


def test_fills_the_register_of_social_media_accounts(seeded):
    assert "Added 12 social-media accounts" in seeded
    recorded = Account.objects.filter(source_request_id__isnull=True)
    assert recorded.count() == 12
    # Approved requests for new accounts are on the register too, awaiting registration.
    from_requests = Account.objects.filter(source_request_id__isnull=False)
    assert from_requests.exists()
    assert {a.status for a in from_requests} == {Account.Status.AWAITING_REGISTRATION}


def test_issues_devices_to_most_staff_and_two_pool_devices(seeded):
    issued = Device.objects.filter(status=Device.Status.ISSUED)
    holders = set(issued.exclude(holder=None).values_list("holder", flat=True))
    assert len(holders) > User.objects.filter(is_active=True).count() * 0.75
    pools = issued.exclude(pool_team=None)
    assert pools.count() == 2
    assert all(pool.pool_users.current().count() >= 2 for pool in pools)
    assert Device.objects.filter(status=Device.Status.IN_STOCK).exists()


def test_starts_a_leaver_case_half_done(seeded):
    from leavers.models import LeaverCase

    [case] = LeaverCase.objects.all()
    assert case.person.full_name == "Harriet Lowe"
    assert case.status == LeaverCase.Status.OPEN
    items = {item.what: item.task.status for item in case.items.select_related("task")}
    assert items[CaseItem.What.MAILBOX] == "done"
    assert items[CaseItem.What.DISABLE_ACCOUNTS] == "open"
    assert items[CaseItem.What.ACCOUNT_OWNED] == "open"
    assert "Started a leaver case" in seeded


def test_leaves_multi_factor_authentication_for_people_to_set_up(seeded):
    from allauth.mfa.models import Authenticator

    assert not Authenticator.objects.exists()


def test_running_it_twice_changes_nothing(seeded, capsys):
    before = snapshot()
    call_command("seed_demo")
    assert snapshot() == before
    assert "nothing was changed" in capsys.readouterr().out


def test_keeps_an_authority_matrix_already_loaded(monkeypatch):
    call_command("load_authority_matrix", "--preset", "durham")
    call_command("seed_demo")
    assert AuthorityRule.objects.get(decision_key="device.abroad").steps.get().role.key == RoleKey.SIRO


def test_refuses_to_run_in_production_without_force(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.exists()
