"""The register: who sees it, its filters, its fixed number of queries, and the CSV export."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts_registry import services
from audit.models import AuditEvent
from kernel.platforms import Platform
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory

from .factories import CREDENTIALS, AccountFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts_registry:account_list")
EXPORT = reverse("accounts_registry:register_export")


def handles(response) -> set[str]:
    return {account.handle for account in response.context["page"].object_list}


@pytest.mark.parametrize("role", [RoleKey.COMMUNICATIONS, RoleKey.AUDITOR, RoleKey.ADMINISTRATOR])
def test_the_register_shows_every_open_account_to_those_who_keep_or_check_it(
    mfa_client, role_holder, role
):
    AccountFactory(handle="@One")
    AccountFactory(handle="@Two", active=True)
    AccountFactory(handle="@Gone", status="closed")

    response = mfa_client(role_holder(role)).get(REGISTER)

    assert response.status_code == 200
    assert handles(response) == {"@One", "@Two"}


def test_the_accounts_authority_sees_the_register(mfa_client, authority):
    AccountFactory(handle="@One")

    assert handles(mfa_client(authority).get(REGISTER)) == {"@One"}


def test_anyone_else_is_taken_to_their_own_accounts(mfa_client, person):
    AccountFactory(handle="@Someone_Elses")

    response = mfa_client(person).get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts_registry:my_accounts")


def test_the_register_filters_by_platform_status_owner_and_flag(mfa_client, comms):
    olive = UserFactory(full_name="Olive Owner")
    AccountFactory(handle="@Blog", platform=Platform.WORDPRESS, owner=olive)
    AccountFactory(handle="@Risky", active=True, at_risk=True, password_change_required=True)
    AccountFactory(
        handle="@Late", active=True, review_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    AccountFactory(handle="@Closed", status="closed")
    client = mfa_client(comms)

    def found(**query):
        return handles(client.get(REGISTER, query))

    assert found(platform="wordpress") == {"@Blog"}
    assert found(owner="olive") == {"@Blog"}
    assert found(status="awaiting_registration") == {"@Blog"}
    assert found(status="closed") == {"@Closed"}
    assert found(status="all") == {"@Blog", "@Risky", "@Late", "@Closed"}
    assert found(flag="at_risk") == {"@Risky"}
    assert found(flag="password_change_required") == {"@Risky"}
    assert found(flag="review_overdue") == {"@Late"}
    assert found(q="ris") == {"@Risky"}


def test_an_unknown_filter_value_shows_the_register_unfiltered(mfa_client, comms):
    AccountFactory(handle="@One")

    response = mfa_client(comms).get(REGISTER, {"platform": "myspace", "page": "x"})

    assert response.status_code == 200
    assert handles(response) == {"@One"}


@pytest.mark.parametrize("size", [3, 30])
def test_the_register_takes_the_same_number_of_queries_whatever_its_size(
    mfa_client, comms, django_assert_num_queries, size
):
    AccountFactory.create_batch(size, active=True, at_risk=True)
    client = mfa_client(comms)
    client.get(REGISTER)  # the session and the roles, read once and cached

    with django_assert_num_queries(8):
        response = client.get(REGISTER)

    assert len(response.context["page"].object_list) == size


def test_the_export_lists_the_accounts_without_any_credential_and_is_audited(mfa_client, comms):
    account = AccountFactory(handle="@OPCC_Youth")
    services.account_register(account=account, actor=comms, **CREDENTIALS)

    response = mfa_client(comms).get(EXPORT, {"platform": "twitter"})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][1] == "'@OPCC_Youth"  # a leading @ is escaped against spreadsheet formulas
    for value in CREDENTIALS.values():
        assert value not in text
    event = AuditEvent.objects.get(action="social_account.exported")
    assert event.details == {"filters": {"platform": "twitter"}, "rows": 1}


def test_the_export_is_not_for_everyone(mfa_client, person):
    response = mfa_client(person).get(EXPORT)

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="social_account.exported").exists()
