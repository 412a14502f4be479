"""Who sees the register and each account, who manages, reveals and answers what."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts_registry import authorizers
from accounts_registry.models import Account
from accounts_registry.selectors import (
    accounts_authority_people,
    is_accounts_authority,
)
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory, enable_totp

from .factories import (
    AccessFactory,
    AccountFactory,
    ConnectedAppFactory,
    HandoverFactory,
    name_accounts_authority,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    account = AccountFactory(active=True, administrator=UserFactory(), moderator=UserFactory())
    enable_totp(account.owner)
    enable_totp(account.administrator)
    return account


# The accounts authority -------------------------------------------------------------------


def test_the_authority_matrix_names_the_accounts_authority(role_holder):
    name_accounts_authority(RoleKey.COMMUNICATIONS)
    media_manager = role_holder(RoleKey.COMMUNICATIONS, full_name="Mel Media")
    chief = role_holder(RoleKey.CHIEF_EXECUTIVE)

    assert accounts_authority_people() == [media_manager]
    assert is_accounts_authority(media_manager)
    assert not is_accounts_authority(chief)


def test_without_a_rule_the_fallback_decision_maker_is_the_accounts_authority(chief_executive):
    assert accounts_authority_people() == [chief_executive]


def test_an_authority_without_a_second_factor_has_no_power(role_holder):
    name_accounts_authority(RoleKey.CHIEF_EXECUTIVE)
    chief = role_holder(RoleKey.CHIEF_EXECUTIVE, mfa=False)

    assert accounts_authority_people() == [chief]
    assert not is_accounts_authority(chief)


# Seeing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [RoleKey.COMMUNICATIONS, RoleKey.AUDITOR, RoleKey.ADMINISTRATOR])
def test_these_roles_see_the_whole_register(role_holder, account, role):
    assert authorizers.may_see_register(role_holder(role))
    assert authorizers.get_account_for_user(role_holder(role), account.pk) == account


def test_the_accounts_authority_sees_the_whole_register(authority, account):
    assert authorizers.get_account_for_user(authority, account.pk) == account


def test_a_role_without_a_second_factor_does_not_see_the_register(role_holder, account):
    comms = role_holder(RoleKey.COMMUNICATIONS, mfa=False)

    assert not authorizers.may_see_register(comms)
    with pytest.raises(Http404):
        authorizers.get_account_for_user(comms, account.pk)


def test_the_people_of_an_account_see_it_and_no_other(account):
    other = AccountFactory(active=True)
    with_access = AccessFactory(account=account).person
    offered = HandoverFactory(account=account).to_owner
    people = [account.owner, account.administrator, account.moderator, with_access, offered]

    for person in people:
        assert authorizers.get_account_for_user(person, account.pk) == account
        assert list(authorizers.visible_accounts(person)) == [account]
        with pytest.raises(Http404):
            authorizers.get_account_for_user(person, other.pk)


def test_an_outsider_and_someone_whose_access_ended_see_nothing(account):
    access = AccessFactory(account=account)
    access.removed_at = access.granted_at
    access.save()

    for person in (UserFactory(), access.person, AnonymousUser()):
        assert not authorizers.visible_accounts(person).exists()
    with pytest.raises(Http404):
        authorizers.get_account_for_user(UserFactory(), account.pk)


def test_an_owner_still_sees_their_closed_account():
    account = AccountFactory(status=Account.Status.CLOSED)

    assert authorizers.get_account_for_user(account.owner, account.pk) == account


# Managing and revealing --------------------------------------------------------------------


def test_who_manages_an_account(account, comms, auditor, authority):
    assert authorizers.may_manage(account.owner, account)
    assert authorizers.may_manage(account.administrator, account)
    assert authorizers.may_manage(comms, account)
    for person in (account.moderator, auditor, authority, AccessFactory(account=account).person):
        assert not authorizers.may_manage(person, account)


def test_who_hands_over_or_closes_an_account(account, comms):
    assert authorizers.may_hand_over_or_close(account.owner, account)
    assert authorizers.may_hand_over_or_close(comms, account)
    assert not authorizers.may_hand_over_or_close(account.administrator, account)


def test_who_reveals_credentials(account, comms, authority, auditor):
    for person in (account.owner, account.administrator, comms, authority):
        assert authorizers.may_reveal(person, account)
    with_access = AccessFactory(account=account).person
    enable_totp(with_access)
    for person in (account.moderator, with_access, auditor, UserFactory(), AnonymousUser()):
        assert not authorizers.may_reveal(person, account)


def test_revealing_needs_a_second_factor():
    account = AccountFactory(active=True)

    assert not authorizers.may_reveal(account.owner, account)


def test_earlier_passwords_are_for_the_accounts_authority_alone(account, comms, authority):
    assert authorizers.may_see_earlier_passwords(authority)
    assert not authorizers.may_see_earlier_passwords(comms)
    assert not authorizers.may_see_earlier_passwords(account.owner)


def test_an_app_the_team_connected_is_removed_by_the_team_only(account, comms):
    theirs = ConnectedAppFactory(account=account, by_communications=True)
    owners = ConnectedAppFactory(account=account)

    assert authorizers.may_remove_app(comms, theirs)
    assert not authorizers.may_remove_app(account.owner, theirs)
    assert authorizers.may_remove_app(account.owner, owners)


def test_the_review_and_the_hand_over_answer_belong_to_one_person(account, comms):
    handover = HandoverFactory(account=account)

    assert authorizers.may_review(account.owner, account)
    assert not authorizers.may_review(comms, account)
    assert authorizers.may_answer_handover(handover.to_owner, handover)
    assert not authorizers.may_answer_handover(account.owner, handover)


def test_the_register_is_exported_and_accounts_added_by_those_who_may(comms, auditor, person):
    assert authorizers.may_export(auditor) and authorizers.may_export(comms)
    assert not authorizers.may_export(person)
    assert authorizers.may_add_accounts(comms)
    assert not authorizers.may_add_accounts(auditor)
    assert authorizers.may_clear_at_risk(comms) and not authorizers.may_clear_at_risk(auditor)
