"""Entering accounts on the register, changing their details and registering credentials."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts_registry import services
from accounts_registry.models import Account, Secret
from accounts_registry.vault import vault_read
from audit.models import AuditEvent
from kernel.platforms import OwnerKind, Platform
from staff.selectors import organisation_settings
from staff.tests.factories import UserFactory

from .conftest import TODAY
from .factories import CREDENTIALS, AccountFactory, told

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(full_name="Olive Owner")


def from_request(owner, **changes):
    answers = {
        "request_id": 41,
        "platform": Platform.TWITTER,
        "handle": "@OPCC_Youth",
        "purpose": "Talking with young people about the youth panel.",
        "owner": owner,
        "owner_kind": OwnerKind.TEAM,
        "moderator": UserFactory(full_name="Mo Moderator"),
        "registration_email": "youth.panel@opcc.example.org",
    }
    return services.account_create_from_request(**{**answers, **changes})


def add(comms, owner, **changes):
    details = {
        "actor": comms,
        "platform": Platform.YOUTUBE,
        "handle": "OPCC West Midlands",
        "url": "https://www.youtube.com/@opccwm",
        "purpose": "Films of the commissioner's public meetings.",
        "owner": owner,
        "owner_kind": OwnerKind.ORGANISATION,
        "moderator": UserFactory(),
        "registration_email": "press@opcc.example.org",
    }
    return services.account_add(**{**details, **changes})


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# An approved request becomes an entry ---------------------------------------------------------


def test_an_approved_request_becomes_an_entry_awaiting_registration(owner, comms):
    account = from_request(owner)

    assert account.status == Account.Status.AWAITING_REGISTRATION
    assert (account.source_request_id, account.owner, account.handle) == (41, owner, "@OPCC_Youth")
    assert told("account_awaiting_registration") == {"Olive Owner", "Charlie Comms"}
    assert [e.target_id for e in events("social_account.created")] == [str(account.pk)]


def test_entering_the_same_request_twice_returns_the_first_entry(owner):
    first = from_request(owner)
    second = from_request(owner, handle="@Something_Else")

    assert second == first
    assert Account.objects.count() == 1
    assert len(events("social_account.created")) == 1


def test_a_request_for_a_name_already_on_the_register_is_refused(owner):
    AccountFactory(platform=Platform.TWITTER, handle="@opcc_youth")

    with pytest.raises(ValidationError, match="already on the register for Twitter/X"):
        from_request(owner)


# Recording an existing account ------------------------------------------------------------------


def test_the_communications_team_records_an_existing_account(comms, owner):
    account = add(comms, owner)

    assert account.status == Account.Status.AWAITING_REGISTRATION
    assert account.source_request_id is None
    assert events("social_account.added")[0].actor == comms


def test_only_the_communications_team_records_existing_accounts(owner):
    with pytest.raises(ValidationError, match="Only the communications team"):
        add(owner, owner)
    assert not Account.objects.exists()


def test_a_communications_member_without_a_second_factor_cannot_record_one(role_holder, owner):
    comms_without_mfa = role_holder("communications", mfa=False)

    with pytest.raises(ValidationError):
        add(comms_without_mfa, owner)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"handle": "New", "registration_email": "me@gmail.com"}, "ending @opcc.example.org"),
        ({"handle": "opcc west midlands"}, "already on the register for YouTube"),
        ({"handle": "New", "platform": Platform.OTHER}, "Say which platform"),
    ],
)
def test_a_bad_entry_is_a_clear_error_and_nothing_changes(comms, owner, changes, message):
    existing = add(comms, owner)

    with pytest.raises(ValidationError, match=message):
        add(comms, owner, **changes)
    assert list(Account.objects.all()) == [existing]
    assert len(events("social_account.added")) == 1


def test_a_platform_the_organisation_does_not_allow_is_refused_with_its_clause(comms, owner):
    organisation = organisation_settings()
    organisation.platforms_for_teams = [Platform.TWITTER, Platform.WORDPRESS]
    organisation.platform_rules_clause = "003 §3.3"
    organisation.save()

    with pytest.raises(ValidationError) as error:
        add(comms, owner, platform=Platform.FACEBOOK, owner_kind=OwnerKind.TEAM)
    assert "Facebook" in error.value.messages[0]
    assert "003 §3.3" in error.value.messages[0]
    assert not Account.objects.exists()


def test_the_same_name_on_another_platform_or_after_closing_is_allowed(comms, owner):
    AccountFactory(platform=Platform.TWITTER, handle="OPCC West Midlands")
    AccountFactory(
        platform=Platform.YOUTUBE, handle="OPCC West Midlands", status=Account.Status.CLOSED
    )

    assert add(comms, owner).pk


# Changing details --------------------------------------------------------------------------------


def test_a_new_name_is_reported_to_the_accounts_authority(authority):
    account = AccountFactory(active=True, handle="@OPCC_Old")

    services.account_update(account=account, actor=account.owner, handle="@OPCC_New")

    account.refresh_from_db()
    assert account.handle == "@OPCC_New"
    assert told("account_changed") == {"Casey Chief"}
    (event,) = events("social_account.updated")
    assert event.details["handle"] == {"from": "@OPCC_Old", "to": "@OPCC_New"}


def test_other_details_change_without_telling_the_authority(authority):
    account = AccountFactory(active=True)
    moderator = UserFactory()

    services.account_update(
        account=account, actor=account.owner, purpose="Appeals only.", moderator=moderator
    )

    account.refresh_from_db()
    assert (account.purpose, account.moderator) == ("Appeals only.", moderator)
    assert told("account_changed") == set()


def test_an_update_that_changes_nothing_is_not_recorded():
    account = AccountFactory(active=True)

    services.account_update(account=account, actor=account.owner, purpose=account.purpose)

    assert events("social_account.updated") == []


def test_an_outsider_cannot_change_an_account():
    account = AccountFactory(active=True)

    with pytest.raises(ValidationError, match="cannot change"):
        services.account_update(account=account, actor=UserFactory(), purpose="Mine now.")


def test_the_owner_does_not_change_through_an_update():
    account = AccountFactory(active=True)

    with pytest.raises(TypeError):
        services.account_update(account=account, actor=account.owner, owner=UserFactory())


def test_a_personal_registration_email_is_refused_on_update():
    account = AccountFactory(active=True)

    with pytest.raises(ValidationError, match="never a personal one"):
        services.account_update(
            account=account, actor=account.owner, registration_email="me@hotmail.com"
        )


# Registering credentials -------------------------------------------------------------------------


def test_registering_credentials_makes_the_account_active_for_a_year(comms):
    account = AccountFactory()

    services.account_register(account=account, actor=comms, **CREDENTIALS)

    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE
    assert account.review_due_on == dt.date(2027, 6, 1)
    assert account.registered_at.date() == TODAY
    current = {s.field: vault_read(s) for s in account.secrets.current()}
    assert current == CREDENTIALS
    assert events("social_account.registered")[0].details == {"fields": list(CREDENTIALS)}


def test_optional_credentials_left_empty_are_not_stored():
    account = AccountFactory()

    services.account_register(
        account=account, actor=account.owner, username="opcc", password="A-long-password-1"
    )

    fields = set(account.secrets.values_list("field", flat=True))
    assert fields == {Secret.Field.USERNAME, Secret.Field.PASSWORD}


def test_credentials_are_stored_only_encrypted():
    account = AccountFactory()

    services.account_register(account=account, actor=account.owner, **CREDENTIALS)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Secret._meta.db_table}")
        raw = repr(cursor.fetchall())
    details = repr(list(AuditEvent.objects.values_list("details", flat=True)))
    for value in CREDENTIALS.values():
        assert value not in raw
        assert value not in details


def test_registering_twice_is_refused():
    account = AccountFactory()
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)

    with pytest.raises(ValidationError, match="registered already"):
        services.account_register(account=account, actor=account.owner, **CREDENTIALS)
    assert account.secrets.count() == len(CREDENTIALS)


def test_registration_needs_a_username_and_a_password():
    account = AccountFactory()

    with pytest.raises(ValidationError, match="password"):
        services.account_register(account=account, actor=account.owner, username="x", password="")
    assert not account.secrets.exists()


def test_registration_checks_the_platform_rules_again():
    account = AccountFactory(platform=Platform.FACEBOOK, owner_kind=OwnerKind.INDIVIDUAL)
    organisation = organisation_settings()
    organisation.platforms_for_individuals = [Platform.TWITTER]
    organisation.save()

    with pytest.raises(ValidationError, match="Facebook"):
        services.account_register(account=account, actor=account.owner, **CREDENTIALS)
    account.refresh_from_db()
    assert account.status == Account.Status.AWAITING_REGISTRATION
    assert not account.secrets.exists()


def test_a_colleague_cannot_register_someone_elses_account():
    account = AccountFactory()

    with pytest.raises(ValidationError, match="cannot register"):
        services.account_register(account=account, actor=UserFactory(), **CREDENTIALS)
