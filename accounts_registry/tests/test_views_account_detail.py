"""An account's page: who sees it, what it shows, and that credentials stay hidden."""

import pytest
from django.urls import reverse

from accounts_registry import services
from staff.tests.factories import UserFactory, enable_totp

from .factories import (
    CREDENTIALS,
    AccessFactory,
    AccountFactory,
    ConnectedAppFactory,
    HandoverFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    """A registered account whose owner has a second factor, with one person given access."""
    account = AccountFactory(owner=UserFactory(full_name="Olive Owner"), handle="@OPCC_Youth")
    enable_totp(account.owner)
    services.account_register(account=account, actor=account.owner, **CREDENTIALS)
    AccessFactory(account=account, person=UserFactory(full_name="Colin Colleague"))
    account.refresh_from_db()
    return account


def page(client, account):
    return client.get(reverse("accounts_registry:account_detail", args=[account.pk]))


def test_the_owner_sees_the_account_with_reveal_buttons_and_no_credential(mfa_client, account):
    response = page(mfa_client(account.owner), account)

    assert response.status_code == 200
    html = response.content.decode()
    assert "@OPCC_Youth" in html
    assert "Colin Colleague" in html
    assert html.count('name="field"') == len(CREDENTIALS)
    for value in CREDENTIALS.values():
        assert value not in html
    assert reverse("accounts_registry:credentials_change", args=[account.pk]) in html


def test_a_colleague_with_access_sees_the_account_but_cannot_reveal_or_change_it(
    mfa_client, account
):
    colleague = account.accesses.get().person
    enable_totp(colleague)

    response = page(mfa_client(colleague), account)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="field"' not in html
    assert reverse("accounts_registry:account_edit", args=[account.pk]) not in html
    assert "Only the owner, the administrator" in html


def test_an_outsider_is_told_the_account_does_not_exist(mfa_client, account, person):
    assert page(mfa_client(person), account).status_code == 404


def test_an_auditor_reads_the_account_and_its_timeline_and_changes_nothing(auditor_client, account):
    response = page(auditor_client, account)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Account credentials registered" in html
    assert 'name="field"' not in html
    assert reverse("accounts_registry:account_edit", args=[account.pk]) not in html
    assert reverse("accounts_registry:account_close", args=[account.pk]) not in html


def test_the_flags_show_with_their_reasons(mfa_client, account, comms):
    services.access_remove(access=account.accesses.get(), actor=account.owner)

    html = page(mfa_client(comms), account).content.decode()

    assert "Password change required since" in html
    assert "Colin Colleague" in html and "access was removed" in html


def test_earlier_passwords_are_listed_only_for_the_accounts_authority(
    mfa_client, account, authority, comms
):
    services.credentials_change(account=account, actor=account.owner, password="A-New-One-2026!")

    authority_page = page(mfa_client(authority), account).content.decode()
    comms_page = page(mfa_client(comms), account).content.decode()

    assert "Earlier passwords" in authority_page
    assert 'name="secret"' in authority_page
    assert "Earlier passwords" not in comms_page
    assert "A-New-One-2026!" not in authority_page


def test_the_page_warns_before_a_reveal_when_the_second_factor_is_not_recent(mfa_client, account):
    html = page(mfa_client(account.owner, recently=False), account).content.decode()

    assert "Confirm it's you" in html


def test_an_app_added_by_the_communications_team_cannot_be_removed_by_the_owner(
    mfa_client, account, comms
):
    ConnectedAppFactory(account=account, name="Hootsuite", added_by=comms, by_communications=True)
    ConnectedAppFactory(account=account, name="Buffer")

    owner_page = page(mfa_client(account.owner), account).content.decode()

    assert "only that team removes them" in owner_page
    assert owner_page.count("Mark as removed") == 1  # Buffer's
    assert owner_page.count(f"/social-media-accounts/{account.pk}/apps/") == 2  # add + Buffer


def test_a_pending_hand_over_is_shown_to_the_person_offered_the_account(mfa_client, account):
    newcomer = UserFactory(full_name="Nia Newcomer")
    handover = HandoverFactory(account=account, to_owner=newcomer)

    html = page(mfa_client(newcomer), account).content.decode()

    assert "Offered to Nia Newcomer" in html
    assert reverse("accounts_registry:handover_respond", args=[handover.pk]) in html


def test_the_timeline_tells_the_history_in_words_without_addresses_or_browsers(
    mfa_client, account, comms
):
    services.access_grant(
        account=account, person=UserFactory(full_name="Gita Given"), actor=account.owner
    )
    services.secret_reveal(
        account=account, field="password", actor=comms, reason="Out-of-hours post"
    )

    html = page(mfa_client(account.owner), account).content.decode()

    assert "Account credential revealed" in html
    assert "password, “Out-of-hours post”" in html
    assert "Access to an account given" in html and "Gita Given" in html
    assert "Browser" not in html and "browser" not in html.split("Timeline")[1]


def test_why_a_credential_was_revealed_is_not_for_a_colleague_who_cannot_reveal(
    mfa_client, account, comms
):
    services.secret_reveal(
        account=account, field="password", actor=comms, reason="Out-of-hours post"
    )
    colleague = account.accesses.get().person
    enable_totp(colleague)

    html = page(mfa_client(colleague), account).content.decode()

    assert "Account credential revealed" in html
    assert "Out-of-hours post" not in html


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_takes_the_same_number_of_queries_however_much_the_account_holds(
    mfa_client, comms, django_assert_num_queries, size
):
    account = AccountFactory()
    services.account_register(account=account, actor=comms, **CREDENTIALS)
    for n in range(size):
        services.access_grant(account=account, person=UserFactory(), actor=comms)
        ConnectedAppFactory(account=account)
        services.credentials_change(account=account, actor=comms, password=f"Pass-{n}-2026!")
    client = mfa_client(comms)
    page(client, account)  # the session and the roles, read once and cached

    with django_assert_num_queries(18):
        response = page(client, account)

    assert response.status_code == 200
