"""People with access to an account, and the third-party apps connected to it."""

import pytest
from django.core.exceptions import ValidationError

from accounts_registry import services
from accounts_registry.models import Account
from audit.models import AuditEvent
from staff.tests.factories import UserFactory

from .factories import AccessFactory, AccountFactory, ConnectedAppFactory, told

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return AccountFactory(
        active=True,
        owner=UserFactory(full_name="Olive Owner"),
        administrator=UserFactory(full_name="Ada Administrator"),
    )


# Access ------------------------------------------------------------------------------------


def test_the_owner_gives_a_colleague_access(account, authority):
    colleague = UserFactory(full_name="Cole League")

    access = services.access_grant(account=account, person=colleague, actor=account.owner)

    assert (access.person, access.granted_by, access.removed_at) == (
        colleague,
        account.owner,
        None,
    )
    assert told("account_changed") == {"Casey Chief"}


def test_giving_access_twice_is_refused(account):
    colleague = UserFactory(full_name="Cole League")
    services.access_grant(account=account, person=colleague, actor=account.owner)

    with pytest.raises(ValidationError, match="Cole League has access already"):
        services.access_grant(account=account, person=colleague, actor=account.owner)
    assert account.accesses.count() == 1


def test_a_leaver_is_not_given_access(account):
    leaver = UserFactory(is_active=False, full_name="Lee Leaver")

    with pytest.raises(ValidationError, match="no longer works here"):
        services.access_grant(account=account, person=leaver, actor=account.owner)


def test_someone_with_access_does_not_give_others_access(account):
    colleague = AccessFactory(account=account).person

    with pytest.raises(ValidationError, match="cannot change who has access"):
        services.access_grant(account=account, person=UserFactory(), actor=colleague)


def test_removing_access_raises_password_change_required(account, authority):
    access = AccessFactory(account=account, person=UserFactory(full_name="Sam Leaving"))

    services.access_remove(access=access, actor=account.owner, reason="Moved to another team.")

    access.refresh_from_db()
    account.refresh_from_db()
    assert (access.removed_by, access.removed_reason) == (account.owner, "Moved to another team.")
    assert account.password_change_required
    assert account.password_change_reason == "Sam Leaving's access was removed."
    assert account.password_change_since is not None
    # The owner removed it and knows; the administrator, who keeps the password, is told.
    assert told("account_password_change_required") == {"Ada Administrator"}
    assert told("account_changed") == {"Casey Chief"}


def test_a_second_removal_keeps_the_first_reason_until_the_password_changes(account):
    first, second = AccessFactory(account=account), AccessFactory(account=account)
    services.access_remove(access=first, actor=account.owner)
    reason = Account.objects.get(pk=account.pk).password_change_reason

    services.access_remove(access=second, actor=account.owner)

    assert Account.objects.get(pk=account.pk).password_change_reason == reason


def test_removing_access_twice_is_refused(account):
    access = AccessFactory(account=account)
    services.access_remove(access=access, actor=account.owner)

    with pytest.raises(ValidationError, match="removed already"):
        services.access_remove(access=access, actor=account.owner)
    assert AuditEvent.objects.filter(action="social_account.access_removed").count() == 1


def test_access_can_be_given_again_after_removal(account):
    access = AccessFactory(account=account)
    services.access_remove(access=access, actor=account.owner)

    again = services.access_grant(account=account, person=access.person, actor=account.owner)

    assert again.pk != access.pk


# Apps --------------------------------------------------------------------------------------


def test_an_app_the_owner_connects_is_not_marked_as_the_teams(account, authority):
    app = services.app_add(
        account=account, actor=account.owner, name="Buffer", access="Post messages"
    )

    assert (app.added_by, app.by_communications) == (account.owner, False)
    assert told("account_changed") == {"Casey Chief"}


def test_an_app_the_communications_team_connects_is_marked(account, comms):
    app = services.app_add(account=account, actor=comms, name="Hootsuite", access="Post, read")

    assert app.by_communications


def test_the_owner_cannot_remove_an_app_the_communications_team_connected(account, comms):
    app = ConnectedAppFactory(account=account, by_communications=True, added_by=comms)

    with pytest.raises(ValidationError, match=r"only they remove it \(003 §3.13\)"):
        services.app_remove(app=app, actor=account.owner)
    app.refresh_from_db()
    assert app.removed_at is None


def test_the_communications_team_removes_its_own_app(account, comms):
    app = ConnectedAppFactory(account=account, by_communications=True, added_by=comms)

    services.app_remove(app=app, actor=comms)

    app.refresh_from_db()
    assert app.removed_by == comms


def test_the_owner_removes_an_app_they_connected(account):
    app = ConnectedAppFactory(account=account)

    services.app_remove(app=app, actor=account.owner)

    app.refresh_from_db()
    assert app.removed_at is not None


def test_an_app_needs_a_name_and_what_it_can_do(account):
    with pytest.raises(ValidationError, match="what the app can do"):
        services.app_add(account=account, actor=account.owner, name="Buffer", access=" ")
    assert not account.apps.exists()


def test_nothing_changes_on_a_closed_account(account):
    services.account_close(account=account, actor=account.owner, reason="No longer used.")

    with pytest.raises(ValidationError, match="closed"):
        services.access_grant(account=account, person=UserFactory(), actor=account.owner)
    with pytest.raises(ValidationError, match="closed"):
        services.app_add(account=account, actor=account.owner, name="Buffer", access="Post")
