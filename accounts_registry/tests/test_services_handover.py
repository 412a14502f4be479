"""Handing an account to another member of staff, and closing it (003 §4.22-4.23)."""

import pytest
from django.core.exceptions import ValidationError

from accounts_registry import services
from accounts_registry.models import Account
from audit.models import AuditEvent
from staff.tests.factories import UserFactory

from .factories import AccountFactory, HandoverFactory, told

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return AccountFactory(active=True, owner=UserFactory(full_name="Olive Owner"))


@pytest.fixture
def newcomer():
    return UserFactory(full_name="Nia Newowner")


@pytest.fixture
def offer(account, newcomer):
    return services.handover_offer(
        account=account, to_owner=newcomer, actor=account.owner, note="I am moving teams."
    )


# Offering ----------------------------------------------------------------------------------


def test_the_owner_offers_the_account_and_the_new_owner_is_told(offer, account, newcomer):
    assert (offer.from_owner, offer.to_owner, offer.offered_by) == (
        account.owner,
        newcomer,
        account.owner,
    )
    assert told("account_handover_offered") == {"Nia Newowner"}


def test_a_second_offer_waits_for_the_first_to_be_withdrawn(offer, account):
    with pytest.raises(ValidationError, match="offered to Nia Newowner already"):
        services.handover_offer(account=account, to_owner=UserFactory(), actor=account.owner)


def test_the_account_is_not_offered_to_its_owner(account):
    with pytest.raises(ValidationError, match="owns this account already"):
        services.handover_offer(account=account, to_owner=account.owner, actor=account.owner)


def test_someone_with_access_does_not_hand_the_account_over(account, newcomer):
    with pytest.raises(ValidationError, match="Only the owner or the communications team"):
        services.handover_offer(account=account, to_owner=newcomer, actor=UserFactory())


def test_the_communications_team_may_hand_an_account_over(account, newcomer, comms):
    handover = services.handover_offer(account=account, to_owner=newcomer, actor=comms)

    assert (handover.from_owner, handover.offered_by) == (account.owner, comms)


# Answering ---------------------------------------------------------------------------------


def test_accepting_makes_the_new_owner_and_requires_a_new_password(
    offer, account, newcomer, comms, authority
):
    services.handover_accept(handover=offer, actor=newcomer)

    account.refresh_from_db()
    offer.refresh_from_db()
    assert account.owner == newcomer
    assert offer.accepted_at is not None
    assert account.password_change_required
    assert account.password_change_reason == "The owner changed from Olive Owner to Nia Newowner."
    assert told("account_changed") == {"Charlie Comms", "Casey Chief"}
    assert told("account_handover_answered") == {"Olive Owner"}
    assert told("account_password_change_required") == {"Nia Newowner"}


def test_only_the_person_offered_the_account_accepts_it(offer, account):
    for someone in (account.owner, UserFactory()):
        with pytest.raises(ValidationError, match="Only the person it is offered to"):
            services.handover_accept(handover=offer, actor=someone)
    account.refresh_from_db()
    assert account.owner.full_name == "Olive Owner"


def test_declining_leaves_the_account_with_its_owner(offer, account, newcomer):
    services.handover_decline(handover=offer, actor=newcomer)

    account.refresh_from_db()
    offer.refresh_from_db()
    assert offer.declined_at is not None
    assert account.owner.full_name == "Olive Owner"
    assert not account.password_change_required
    assert told("account_handover_answered") == {"Olive Owner"}


def test_an_answered_offer_cannot_be_answered_again(offer, newcomer):
    services.handover_decline(handover=offer, actor=newcomer)

    with pytest.raises(ValidationError, match="answered already"):
        services.handover_accept(handover=offer, actor=newcomer)


def test_the_owner_withdraws_an_offer_and_the_person_offered_it_is_told(offer, account):
    services.handover_cancel(handover=offer, actor=account.owner)

    offer.refresh_from_db()
    assert offer.cancelled_at is not None
    assert told("account_handover_answered") == {"Nia Newowner"}


def test_the_person_offered_the_account_does_not_withdraw_the_offer(offer, newcomer):
    with pytest.raises(ValidationError, match="withdraws this offer"):
        services.handover_cancel(handover=offer, actor=newcomer)


# Closing -----------------------------------------------------------------------------------


def test_closing_keeps_the_account_on_the_register_with_the_reason(account, comms, authority):
    services.account_close(account=account, actor=account.owner, reason="The panel has ended.")

    account.refresh_from_db()
    assert account.status == Account.Status.CLOSED
    assert (account.closed_reason, account.closed_by) == ("The panel has ended.", account.owner)
    assert told("account_changed") == {"Charlie Comms", "Casey Chief"}


def test_closing_twice_is_a_clear_error_and_nothing_changes(account):
    services.account_close(account=account, actor=account.owner, reason="The panel has ended.")
    closed_at = Account.objects.get(pk=account.pk).closed_at

    with pytest.raises(ValidationError, match="closed already"):
        services.account_close(account=account, actor=account.owner, reason="Again.")
    account.refresh_from_db()
    assert (account.closed_at, account.closed_reason) == (closed_at, "The panel has ended.")
    assert AuditEvent.objects.filter(action="social_account.closed").count() == 1


def test_closing_withdraws_a_pending_hand_over(offer, account):
    services.account_close(account=account, actor=account.owner, reason="Not needed after all.")

    offer.refresh_from_db()
    assert offer.cancelled_at is not None
    assert told("account_handover_answered") == {"Nia Newowner"}


def test_closing_needs_a_reason(account):
    with pytest.raises(ValidationError, match="Say why"):
        services.account_close(account=account, actor=account.owner, reason="")


def test_the_administrator_does_not_close_the_account():
    account = AccountFactory(active=True, administrator=UserFactory())

    with pytest.raises(ValidationError, match="closes an account"):
        services.account_close(account=account, actor=account.administrator, reason="Tidy up.")


def test_a_closed_account_is_not_handed_over(account):
    handover = HandoverFactory(account=account)
    services.account_close(account=account, actor=account.owner, reason="Not needed.")

    with pytest.raises(ValidationError, match="answered already"):
        services.handover_accept(handover=handover, actor=handover.to_owner)
