"""The demo register: a dozen accounts showing every state, made once."""

import pytest
from django.utils import timezone

from accounts_registry.demo import ACCOUNTS, DISCLAIMER, accounts_demo_seed
from accounts_registry.models import Account, Handover, Secret
from audit.models import AuditEvent
from staff.demo import demo_seed
from staff.selectors import organisation_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(password):
    demo_seed(password=password)
    return accounts_demo_seed()


def test_a_dozen_accounts_in_every_status_and_flag(seeded):
    accounts = Account.objects.all()
    assert seeded.created == len(ACCOUNTS) == accounts.count() == 12
    assert seeded.by_status == {"active": 9, "awaiting registration": 2, "closed": 1}
    assert len({account.platform for account in accounts}) >= 6
    assert accounts.filter(password_change_required=True).count() >= 2
    assert accounts.filter(at_risk=True).count() == 1
    assert accounts.filter(review_due_on__lt=timezone.localdate()).count() == 1
    assert Handover.objects.pending().count() == 1
    assert Handover.objects.filter(accepted_at__isnull=False).count() == 1


def test_the_registered_accounts_have_credentials_people_and_apps(seeded):
    active = Account.objects.filter(status=Account.Status.ACTIVE)
    for account in active:
        fields = set(account.secrets.current().values_list("field", flat=True))
        assert {Secret.Field.USERNAME, Secret.Field.PASSWORD} <= fields, account
    assert Account.objects.filter(accesses__removed_at__isnull=False).exists()
    assert Account.objects.filter(apps__by_communications=True).exists()
    assert Account.objects.filter(apps__by_communications=False).exists()


def test_the_organisation_gets_a_disclaimer_for_its_accounts(seeded):
    assert organisation_settings().account_disclaimer == DISCLAIMER


def test_seeding_again_changes_nothing(seeded):
    events = AuditEvent.objects.count()
    assert accounts_demo_seed().created == 0
    assert Account.objects.count() == len(ACCOUNTS)
    assert AuditEvent.objects.count() == events
