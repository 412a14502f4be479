"""Two people acting on one account at the same moment: exactly one change stands
(PostgreSQL, two real transactions)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts_registry import services
from accounts_registry.models import Account, Handover
from audit.models import AuditEvent
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory, enable_totp, give_role

from .factories import AccountFactory, HandoverFactory


def at_once(*actions) -> tuple[list[str], list[Exception]]:
    """Run each action in its own thread and transaction, released together; what each
    said ("done" or the refusal), and any unexpected error."""
    start = threading.Barrier(len(actions), timeout=30)
    outcomes, errors = [], []

    def run(action):
        try:
            start.wait()
            action()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time, so there is no race to test")


def test_two_closes_at_once_close_the_account_once(postgresql):
    account = AccountFactory(active=True)
    comms = UserFactory()
    give_role(comms, RoleKey.COMMUNICATIONS)
    enable_totp(comms)

    outcomes, errors = at_once(
        lambda: services.account_close(account=account, actor=account.owner, reason="Ended."),
        lambda: services.account_close(account=account, actor=comms, reason="Not used."),
    )

    assert errors == []
    assert sorted(outcomes) == ["This account is closed already.", "done"]
    account.refresh_from_db()
    assert account.status == Account.Status.CLOSED
    assert AuditEvent.objects.filter(action="social_account.closed").count() == 1


def test_accepting_and_withdrawing_an_offer_at_once_leave_one_answer(postgresql):
    handover = HandoverFactory()
    account = handover.account

    outcomes, errors = at_once(
        lambda: services.handover_accept(handover=handover, actor=handover.to_owner),
        lambda: services.handover_cancel(handover=handover, actor=account.owner),
    )

    assert errors == []
    assert sorted(outcomes) == [
        "This hand-over has been answered already; the account page shows where it stands.",
        "done",
    ]
    handover.refresh_from_db()
    account.refresh_from_db()
    answers = [handover.accepted_at, handover.cancelled_at]
    assert sum(answer is not None for answer in answers) == 1
    assert (account.owner == handover.to_owner) == (handover.accepted_at is not None)
    assert Handover.objects.pending().count() == 0


def test_accepting_twice_at_once_hands_the_account_over_once(postgresql):
    handover = HandoverFactory()

    outcomes, errors = at_once(
        lambda: services.handover_accept(handover=handover, actor=handover.to_owner),
        lambda: services.handover_accept(handover=handover, actor=handover.to_owner),
    )

    assert errors == []
    assert outcomes.count("done") == 1
    assert AuditEvent.objects.filter(action="social_account.handover_accepted").count() == 1
