import pytest

from staff.models import AuthorityRule, AuthorityStep, Role
from staff.selectors import deciders_for
from staff.tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db


def make_rule(key, *steps):
    rule = AuthorityRule.objects.create(decision_key=key, name=key)
    for order, who in enumerate(steps, start=1):
        if who == "line_manager":
            AuthorityStep.objects.create(rule=rule, order=order, kind="line_manager")
        else:
            AuthorityStep.objects.create(
                rule=rule, order=order, kind="role", role=Role.objects.get(key=who)
            )
    return rule


def test_names_the_requesters_line_manager(manager):
    make_rule("social_account.new", "line_manager", "communications")
    assert list(deciders_for(decision_key="social_account.new", step=1, requester=manager.report)) == [manager]


def test_names_the_current_holders_of_a_role(manager):
    make_rule("social_account.new", "line_manager", "communications")
    comms = UserFactory()
    give_role(comms, "communications")
    assert list(deciders_for(decision_key="social_account.new", step=2, requester=manager.report)) == [comms]


def test_never_names_the_requester():
    make_rule("device.abroad", "chief_executive")
    chief = UserFactory()
    give_role(chief, "chief_executive")
    assert list(deciders_for(decision_key="device.abroad", step=1, requester=chief)) == []


def test_ignores_people_who_have_been_deactivated():
    make_rule("device.abroad", "chief_executive")
    chief = UserFactory(is_active=False)
    give_role(chief, "chief_executive")
    assert list(deciders_for(decision_key="device.abroad", step=1, requester=UserFactory())) == []
