"""The access decorators that every view uses."""

import time

import pytest
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from kernel.access import recent_authentication_required, role_required, staff_required
from staff.tests.factories import UserFactory, enable_totp, give_role


def make_request(user, method="get", authenticated_at=None):
    request = getattr(RequestFactory(), method)("/sensitive/")
    request.user = user
    request.session = SessionStore()
    if authenticated_at is not None:
        request.session["account_authentication_methods"] = [
            {"method": "password", "at": authenticated_at, "email": user.email}
        ]
    return request


def sensitive(request):
    return HttpResponse("done")


def test_asks_to_sign_in_again_before_a_sensitive_action(person):
    view = staff_required(recent_authentication_required(sensitive))
    long_ago = time.time() - 3600
    with pytest.raises(ReauthenticationRequired):
        view(make_request(person, "post", authenticated_at=long_ago))


def test_lets_a_recent_sign_in_act(person):
    view = staff_required(recent_authentication_required(sensitive))
    response = view(make_request(person, "post", authenticated_at=time.time() - 10))
    assert response.content == b"done"


def test_lets_the_page_be_read_without_signing_in_again(person):
    view = staff_required(recent_authentication_required(sensitive))
    response = view(make_request(person, "get", authenticated_at=time.time() - 3600))
    assert response.status_code == 200


def test_keeps_the_declared_audience_through_reauthentication():
    view = role_required("auditor")(recent_authentication_required(sensitive))
    assert view.access == frozenset({"auditor"})


def test_sends_a_role_holder_without_mfa_to_set_it_up(db):
    holder = UserFactory()
    give_role(holder, "auditor")
    response = role_required("auditor")(sensitive)(make_request(holder))
    assert response.status_code == 302
    assert response["Location"] == "/security/mfa-required/"


def test_lets_a_role_holder_with_mfa_in(db):
    holder = UserFactory()
    give_role(holder, "auditor")
    enable_totp(holder)
    assert role_required("auditor")(sensitive)(make_request(holder)).content == b"done"


def test_does_not_count_a_role_that_has_ended(db):
    import datetime as dt

    from django.core.exceptions import PermissionDenied

    holder = UserFactory()
    assignment = give_role(holder, "auditor", starts_on=dt.date(2020, 1, 1))
    assignment.ends_on = dt.date(2021, 1, 1)
    assignment.save()
    enable_totp(holder)
    with pytest.raises(PermissionDenied):
        role_required("auditor")(sensitive)(make_request(holder))
