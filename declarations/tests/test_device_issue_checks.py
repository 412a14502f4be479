"""Declarations and the device register: what must be signed before a device is issued,
and what holding one makes due."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from declarations.models import Requirement
from declarations.requirements import requirements_refresh
from declarations.services import declaration_sign
from devices.services import IssueRefused, device_issue, device_return, pool_create, pool_user_add
from devices.tests.factories import DeviceFactory
from staff.tests.factories import UserFactory

from .factories import DeclarationKindFactory, PolicyVersionFactory, StatementFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def kinds():
    """The security operating procedures (everyone signs them; before a phone or tablet)
    and the yearly mobile-device declaration (holders of a phone or tablet)."""
    procedures = DeclarationKindFactory(
        name="Security operating procedures", device_kinds_before_issue=["phone", "tablet"]
    )
    mobile = DeclarationKindFactory(
        name="Mobile-device declaration",
        audience_everyone=False,
        device_kinds_held=["phone", "tablet"],
    )
    for kind in (procedures, mobile):
        PolicyVersionFactory(policy=kind.policy)
        StatementFactory(kind=kind)
    return procedures, mobile


def _sign(requirement):
    declaration_sign(
        requirement=requirement, user=requirement.user,
        statements_confirmed=[s.pk for s in requirement.kind.statements.all()],
        typed_name=requirement.user.full_name, answers={}, request=None,
    )  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_a_phone_waits_for_the_procedures_then_makes_the_mobile_declaration_due(
    kinds, admin_user, django_capture_on_commit_callbacks
):
    procedures, mobile = kinds
    person, phone = UserFactory(full_name="Dana Device"), DeviceFactory()
    requirements_refresh()
    owed = Requirement.objects.get(user=person, kind=procedures)

    with pytest.raises(IssueRefused) as refused:
        device_issue(device=phone, person=person, actor=admin_user)
    [refusal] = refused.value.refusals
    assert refusal.message == (
        "Dana Device has not signed the Security operating procedures, which must be signed "
        "before a mobile phone is issued."
    )
    assert refusal.link == reverse("declarations:sign", args=[owed.pk])
    assert not Requirement.objects.filter(user=person, kind=mobile).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _sign(owed)
    with django_capture_on_commit_callbacks(execute=True):
        device_issue(device=phone, person=person, actor=admin_user)
    due = Requirement.objects.get(user=person, kind=mobile)
    assert due.status == Requirement.Status.DUE

    with django_capture_on_commit_callbacks(execute=True):
        device_return(device=phone, actor=admin_user)
    due.refresh_from_db()
    assert due.status == Requirement.Status.LAPSED


@time_machine.travel(NOW, tick=False)
def test_a_laptop_needs_no_declaration_and_makes_none_due(
    kinds, admin_user, django_capture_on_commit_callbacks
):
    procedures, mobile = kinds
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        device_issue(device=DeviceFactory(kind="laptop"), person=person, actor=admin_user)
    assert not Requirement.objects.filter(user=person, kind=mobile).exists()


@time_machine.travel(NOW, tick=False)
def test_without_a_requirement_to_sign_the_refusal_links_to_the_policy(kinds, admin_user):
    procedures, _ = kinds
    person = UserFactory()
    with pytest.raises(IssueRefused) as refused:
        device_issue(device=DeviceFactory(kind="tablet"), person=person, actor=admin_user)
    assert refused.value.refusals[0].link == procedures.policy.get_absolute_url()
    assert "before a tablet is issued" in refused.value.refusals[0].message


@time_machine.travel(NOW, tick=False)
def test_a_person_named_on_a_pool_phone_must_have_signed_too(kinds, admin_user):
    pool_phone = DeviceFactory()
    pool_create(device=pool_phone, team=UserFactory().team, actor=admin_user)
    with pytest.raises(IssueRefused, match="has not signed the Security operating procedures"):
        pool_user_add(device=pool_phone, person=UserFactory(), actor=admin_user)


def test_an_inactive_kind_asks_for_nothing(kinds, admin_user):
    procedures, _ = kinds
    procedures.active = False
    procedures.save()
    assert device_issue(device=DeviceFactory(), person=UserFactory(), actor=admin_user)
