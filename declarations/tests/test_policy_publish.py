"""Publishing a version: the confirmation, the fingerprint, immutability, the audit, and who must declare again."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from declarations.models import Cycle, PolicyVersion, Requirement
from declarations.services import policy_version_publish, policy_version_update
from kernel.roles import RoleKey
from staff.tests.factories import UserFactory

from .factories import (
    DeclarationFactory,
    DeclarationKindFactory,
    PolicyFactory,
    PolicyVersionFactory,
)

NEW_TEXT = "## 1. Purpose\n\nA clearer purpose.\n\n## 2. Email\n\n1. Never forward work email.\n"


@pytest.fixture
def policy(db):
    policy = PolicyFactory(title="Use of IT", slug="use-of-it")
    PolicyVersionFactory(policy=policy, number="1.0", published_at=dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC))
    return policy


def _draft(policy, **fields):
    fields.setdefault("number", "2.0")
    return PolicyVersionFactory(policy=policy, status=PolicyVersion.Status.DRAFT, body_markdown=NEW_TEXT, **fields)


def _publish_url(version):
    return reverse("declarations:version_publish", args=[version.policy.slug, version.pk])


@time_machine.travel("2026-04-01 09:00Z", tick=False)
def test_publishing_fixes_the_text_and_is_audited(policy, admin_user):
    draft = _draft(policy, material_change=True, grace_days=28)
    published = policy_version_publish(version=draft, actor=admin_user)
    published.refresh_from_db()
    assert published.status == PolicyVersion.Status.PUBLISHED
    assert published.body_sha256 == hashlib.sha256(NEW_TEXT.encode()).hexdigest()
    assert published.published_at == dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)
    assert published.published_by == admin_user
    assert policy.current_version() == published
    event = AuditEvent.objects.get(action="policy_version.published")
    assert event.actor == admin_user
    assert event.details == {
        "policy": "Use of IT", "number": "2.0", "material_change": True, "grace_days": 28,
        "body_sha256": published.body_sha256, "original_sha256": None,
    }


def test_a_published_version_never_changes(policy, admin_user):
    published = policy.current_version()
    with pytest.raises(ValidationError, match="is published, so it can no longer be changed"):
        policy_version_update(version=published, actor=admin_user, body_markdown="Changed")
    with pytest.raises(ValidationError, match="write a new version"):
        policy_version_publish(version=published, actor=admin_user)
    published.refresh_from_db()
    assert published.body_markdown != "Changed"
    assert not AuditEvent.objects.filter(action__startswith="policy_version.").exists()


def test_the_edit_page_refuses_a_published_version_with_a_clear_message(policy, admin_user, mfa_client):
    client = mfa_client(admin_user)
    published = policy.current_version()
    url = reverse("declarations:version_edit", args=[policy.slug, published.pk])
    response = client.post(url, {"number": "1.0", "body_markdown": "Changed"}, follow=True)
    assert "Version 1.0 is published, so it can no longer be changed. To correct it, write a new version." in (
        response.content.decode()
    )
    published.refresh_from_db()
    assert published.body_markdown != "Changed"


def test_the_confirmation_says_a_material_change_means_declaring_again(policy, admin_user, mfa_client):
    DeclarationKindFactory(policy=policy, name="Annual policy declaration")
    draft = _draft(policy, material_change=True, grace_days=28)
    page = mfa_client(admin_user).get(_publish_url(draft)).content.decode()
    due_by = timezone.localdate() + dt.timedelta(days=28)
    assert "This is a material change" in page
    assert f"must declare again, by <strong>{due_by.day} {due_by:%B %Y}</strong> (28 days from today)" in page
    assert "Annual policy declaration" in page
    assert not PolicyVersion.objects.get(pk=draft.pk).is_published  # a GET publishes nothing


def test_the_confirmation_says_a_minor_change_asks_nothing_new(policy, admin_user, mfa_client):
    DeclarationKindFactory(policy=policy, name="Per version declaration", cycle=Cycle.PER_VERSION)
    draft = _draft(policy, material_change=False)
    page = mfa_client(admin_user).get(_publish_url(draft)).content.decode()
    assert "This is not a material change" in page
    assert "Nobody has to declare again because of it" in page
    assert "The exception is a declaration signed once for each version (Per version declaration)" in page


def test_publishing_from_the_page_redirects_to_the_policy(policy, admin_user, mfa_client):
    draft = _draft(policy)
    response = mfa_client(admin_user).post(_publish_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == reverse("declarations:policy", args=[policy.slug])
    assert "Version 2.0 of Use of IT is published." in response.content.decode()
    assert PolicyVersion.objects.get(pk=draft.pk).is_published


def test_publishing_needs_a_recent_sign_in(policy, admin_user, mfa_client):
    from .signing_samples import make_sign_in_stale

    client = mfa_client(admin_user)
    make_sign_in_stale(client, seconds_ago=3600)
    draft = _draft(policy)
    response = client.post(_publish_url(draft))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not PolicyVersion.objects.get(pk=draft.pk).is_published


@pytest.mark.parametrize("role", [None, RoleKey.AUDITOR, RoleKey.CHIEF_EXECUTIVE])
def test_only_administrators_publish(policy, role, role_holder, mfa_client):
    user = role_holder(role) if role else UserFactory()
    draft = _draft(policy)
    assert mfa_client(user).post(_publish_url(draft)).status_code == 403
    assert not PolicyVersion.objects.get(pk=draft.pk).is_published


# What publishing asks of people is worked out by declarations.requirements.

@pytest.fixture
def everyone_has_signed(policy):
    kind = DeclarationKindFactory(policy=policy, cycle=Cycle.ANNUAL_FROM_LAST)
    staff = [UserFactory() for _ in range(3)]
    for person in staff:
        DeclarationFactory(requirement__user=person, requirement__kind=kind, requirement__cycle_key="first")
    return kind, staff


@time_machine.travel("2026-04-01 09:00Z", tick=False)
def test_a_material_version_makes_everyone_due_within_the_grace_period(policy, admin_user, everyone_has_signed):
    kind, staff = everyone_has_signed
    draft = _draft(policy, material_change=True, grace_days=28)
    policy_version_publish(version=draft, actor=admin_user)
    due = Requirement.objects.filter(kind=kind, status=Requirement.Status.DUE)
    assert sorted(r.user_id for r in due) == sorted(p.pk for p in [*staff, admin_user])
    assert {r.due_date for r in due} == {dt.date(2026, 4, 29)}
    assert {r.cycle_key for r in due} == {f"v{draft.pk}"}


def test_a_version_that_is_not_material_asks_nothing_new(policy, admin_user, everyone_has_signed):
    kind, _staff = everyone_has_signed
    policy_version_publish(version=_draft(policy, material_change=False), actor=admin_user)
    assert not Requirement.objects.filter(kind=kind, status=Requirement.Status.DUE).exists()

