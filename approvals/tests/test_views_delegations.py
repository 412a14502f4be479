"""Naming a delegate for a few days, and ending a delegation early."""

import datetime as dt

from django.core import mail
from django.urls import reverse

from approvals.models import Delegation

from .factories import TODAY, DelegationFactory

URL = reverse("approvals:delegations")


def _form(delegate, **changes):
    return {
        "delegate": delegate.email,
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + dt.timedelta(days=7)).isoformat(),
        "reason": "Annual leave",
        **changes,
    }


def test_names_a_delegate_who_is_told(
    db, mfa_client, manager, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = mfa_client(manager).post(URL, _form(person), follow=True)

    delegation = Delegation.objects.get()
    assert (delegation.person, delegation.delegate, delegation.created_by) == (
        manager,
        person,
        manager,
    )
    assert f"{person.full_name} decides for you" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_refuses_oneself_and_dates_out_of_order_keeping_what_was_typed(
    db, mfa_client, manager, person
):
    client = mfa_client(manager)

    myself = client.post(URL, _form(manager))
    backwards = client.post(URL, _form(person, ends_on=(TODAY - dt.timedelta(days=1)).isoformat()))

    assert myself.status_code == 400
    assert "You cannot choose yourself here." in myself.content.decode()
    assert backwards.status_code == 400
    assert "The last day must be on or after the first." in backwards.content.decode()
    assert f'value="{person.email}"' in backwards.content.decode()
    assert not Delegation.objects.exists()


def test_refuses_dates_that_have_passed(db, mfa_client, manager, person):
    past = (TODAY - dt.timedelta(days=3)).isoformat()

    response = mfa_client(manager).post(URL, _form(person, starts_on=past, ends_on=past))

    assert response.status_code == 400
    assert "The dates have passed already." in response.content.decode()


def test_lists_delegations_given_and_received(db, mfa_client, manager, person):
    DelegationFactory(person=manager, delegate=person)
    DelegationFactory(person=person, delegate=manager)

    html = mfa_client(manager).get(URL).content.decode()

    given, received = html.split("For whom you decide")
    assert person.full_name in given
    assert person.full_name in received


def test_ends_a_delegation_early(db, mfa_client, manager, person):
    delegation = DelegationFactory(person=manager, delegate=person)

    response = mfa_client(manager).post(
        reverse("approvals:delegation_cancel", args=[delegation.pk])
    )

    assert response["Location"] == URL
    delegation.refresh_from_db()
    assert delegation.cancelled_at is not None


def test_only_the_person_who_delegated_ends_it(db, mfa_client, manager, person):
    delegation = DelegationFactory(person=manager, delegate=person)

    response = mfa_client(person).post(reverse("approvals:delegation_cancel", args=[delegation.pk]))

    assert response.status_code == 404
    delegation.refresh_from_db()
    assert delegation.cancelled_at is None
