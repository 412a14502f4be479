"""Who can reach which accounts, the two flags, the annual review and the export's audit."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts_registry import services
from accounts_registry.models import Account
from audit.models import AuditEvent
from staff.tests.factories import UserFactory

from .factories import AccessFactory, AccountFactory, told

pytestmark = pytest.mark.django_db

LOST_PHONE = "Pat reported their work phone lost (R-0042)."


@pytest.fixture
def pat():
    return UserFactory(full_name="Pat Person")


def test_the_accounts_someone_can_reach(pat):
    owned = AccountFactory(owner=pat)
    moderated = AccountFactory(moderator=pat, active=True)
    administered = AccountFactory(administrator=pat, active=True)
    with_access = AccessFactory(person=pat).account
    AccountFactory(owner=pat, status=Account.Status.CLOSED)
    AccessFactory(person=pat, removed_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    AccountFactory(active=True)

    reachable = set(services.accounts_reachable_by(pat))

    assert reachable == {owned, moderated, administered, with_access}


def test_marking_flags_every_open_account_once_and_tells_each_owner(pat):
    first = AccountFactory(owner=pat, active=True)
    second = AccessFactory(person=pat, account__owner=UserFactory(full_name="Olive Owner")).account

    changed = services.mark_password_change_required(
        accounts=services.accounts_reachable_by(pat), reason=LOST_PHONE, at_risk=True
    )

    assert changed == 2
    for account in (first, second):
        account.refresh_from_db()
        assert account.password_change_required and account.at_risk
        assert account.password_change_reason == account.at_risk_reason == LOST_PHONE
    assert told("account_password_change_required") == {"Pat Person", "Olive Owner"}
    events = AuditEvent.objects.filter(action="social_account.password_change_required")
    assert sorted(e.target_id for e in events) == sorted([str(first.pk), str(second.pk)])
    assert all(e.details == {"reason": LOST_PHONE, "at_risk": True} for e in events)


def test_marking_again_for_the_same_reason_changes_and_sends_nothing(pat):
    account = AccountFactory(owner=pat, active=True)
    services.mark_password_change_required(accounts=[account], reason=LOST_PHONE, at_risk=True)

    again = services.mark_password_change_required(
        accounts=[account], reason=LOST_PHONE, at_risk=True
    )

    assert again == 0
    assert AuditEvent.objects.filter(action="social_account.password_change_required").count() == 1


def test_at_risk_is_set_on_an_account_already_waiting_for_a_new_password(pat):
    account = AccountFactory(owner=pat, active=True)
    services.mark_password_change_required(accounts=[account], reason="Sam left.")

    changed = services.mark_password_change_required(
        accounts=[account], reason=LOST_PHONE, at_risk=True
    )

    account.refresh_from_db()
    assert changed == 1
    assert (account.password_change_reason, account.at_risk_reason) == ("Sam left.", LOST_PHONE)


def test_closed_accounts_are_left_alone(pat):
    account = AccountFactory(owner=pat, status=Account.Status.CLOSED)

    assert services.mark_password_change_required(accounts=[account], reason=LOST_PHONE) == 0
    account.refresh_from_db()
    assert not account.password_change_required


def test_the_communications_team_clears_at_risk_with_a_note(pat, comms):
    account = AccountFactory(owner=pat, active=True)
    services.mark_password_change_required(accounts=[account], reason=LOST_PHONE, at_risk=True)

    services.at_risk_clear(account=account, actor=comms, note="The phone was found and wiped.")

    account.refresh_from_db()
    assert not account.at_risk
    assert (account.at_risk_reason, account.at_risk_since) == ("", None)
    assert account.password_change_required
    (event,) = AuditEvent.objects.filter(action="social_account.at_risk_cleared")
    assert event.details == {"note": "The phone was found and wiped.", "was": LOST_PHONE}


def test_the_owner_does_not_clear_at_risk(pat):
    account = AccountFactory(owner=pat, active=True)
    services.mark_password_change_required(accounts=[account], reason=LOST_PHONE, at_risk=True)

    with pytest.raises(ValidationError, match="Only the communications team"):
        services.at_risk_clear(account=account, actor=pat, note="It is fine.")


def test_clearing_an_account_not_at_risk_is_refused(comms):
    with pytest.raises(ValidationError, match="not marked at risk"):
        services.at_risk_clear(account=AccountFactory(active=True), actor=comms, note="Fine.")


# The annual review ------------------------------------------------------------------------


def test_the_owner_confirms_the_review_and_the_next_falls_due_a_year_on():
    account = AccountFactory(active=True, review_due_on=dt.date(2026, 5, 20))

    review = services.review_confirm(
        account=account,
        actor=account.owner,
        still_needed=True,
        content_current=True,
        access_right=False,
        apps_right=True,
        note="Removing two people who left.",
    )

    account.refresh_from_db()
    assert review.due_on == dt.date(2026, 5, 20)
    assert (review.access_right, review.confirmed_by) == (False, account.owner)
    assert account.review_due_on == dt.date(2027, 6, 1)


def test_a_review_on_29_february_falls_due_on_28_february():
    account = AccountFactory(active=True)
    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC), tick=False):
        services.review_confirm(
            account=account,
            actor=account.owner,
            still_needed=True,
            content_current=True,
            access_right=True,
            apps_right=True,
        )

    account.refresh_from_db()
    assert account.review_due_on == dt.date(2029, 2, 28)


def test_only_the_owner_confirms_the_review(comms):
    account = AccountFactory(active=True)

    with pytest.raises(ValidationError, match="Only the account's owner"):
        services.review_confirm(
            account=account,
            actor=comms,
            still_needed=True,
            content_current=True,
            access_right=True,
            apps_right=True,
        )
    assert not account.reviews.exists()


def test_the_export_is_audited_with_its_filters(comms):
    services.register_export(actor=comms, filters={"platform": "twitter"}, rows=3)

    (event,) = AuditEvent.objects.filter(action="social_account.exported")
    assert (event.actor, event.details) == (comms, {"filters": {"platform": "twitter"}, "rows": 3})
