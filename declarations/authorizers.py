"""Who may see and change policies, kinds of declaration and requirements."""

from __future__ import annotations

import time
from functools import wraps

from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.http import Http404

from kernel.access import authentication_records, uses_role
from kernel.roles import RoleKey

from .models import Policy, PolicyVersion, Requirement

# Write and publish policies; set up kinds of declaration; mark device holders.
POLICY_EDITORS = (RoleKey.ADMINISTRATOR,)
# Read drafts and the set-up of kinds as well (the auditor reads everything).
POLICY_READERS = (RoleKey.ADMINISTRATOR, RoleKey.AUDITOR)


def may_edit_policies(user) -> bool:
    return uses_role(user, *POLICY_EDITORS)


def may_read_drafts(user) -> bool:
    return uses_role(user, *POLICY_READERS)


def get_policy_for_user(user, slug: str) -> Policy:
    """Any policy: every member of staff may read them."""
    try:
        return Policy.objects.select_related("owner_role").get(slug=slug)
    except Policy.DoesNotExist as error:
        raise Http404 from error


def get_version_for_user(user, policy: Policy, pk: int) -> PolicyVersion:
    """A published version for anyone; a draft only for those who may read drafts."""
    try:
        version = policy.versions.select_related("published_by").get(pk=pk)
    except PolicyVersion.DoesNotExist as error:
        raise Http404 from error
    if not version.is_published and not may_read_drafts(user):
        raise Http404
    return version


def get_requirement_for_user(user, pk: int) -> Requirement:
    """One of this person's own requirements; anyone else's is not found."""
    try:
        return Requirement.objects.select_related("kind", "kind__policy").get(pk=pk, user=user)
    except Requirement.DoesNotExist as error:
        raise Http404 from error


def signed_in_recently_enough_to_sign(request) -> bool:
    """Whether the person signed in, or confirmed who they are, within DECLARATION_REAUTH_SECONDS."""
    times = [r["at"] for r in authentication_records(request) if r.get("at")]
    return bool(times) and time.time() - max(times) < settings.DECLARATION_REAUTH_SECONDS


def recent_authentication_to_sign_required(view):
    """Like kernel.access.recent_authentication_required, with the declarations' own limit.

    Reading the page needs nothing more; submitting it (POST) needs a sign-in or
    re-authentication within DECLARATION_REAUTH_SECONDS (15 minutes unless set).
    allauth keeps the submitted form while the person re-authenticates and
    submits it again afterwards, so nothing they entered is lost.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") and not signed_in_recently_enough_to_sign(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper
