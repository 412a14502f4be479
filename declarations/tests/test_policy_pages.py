"""Policy pages: everyone reads the version in effect; administrators write, preview and edit drafts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from declarations.models import Policy, PolicyVersion
from kernel.roles import RoleKey
from staff.models import Role

from .factories import PolicyFactory, PolicyVersionFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def policy(db, media):
    policy = PolicyFactory(title="Use of IT", slug="use-of-it")
    PolicyVersionFactory(
        policy=policy, number="1.0", summary_of_changes="The first version.",
        published_at=dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC),
    )
    PolicyVersionFactory(
        policy=policy, number="1.1", summary_of_changes="Clearer rules on personal email.",
        body_markdown="## 1. Email\n\n3. Keep it at work.\n\n<script>alert(1)</script>",
        original_file=SimpleUploadedFile("policy.pdf", PDF),
        published_at=dt.datetime(2026, 1, 6, 9, tzinfo=dt.UTC),
    )
    PolicyVersionFactory(policy=policy, number="2.0", status=PolicyVersion.Status.DRAFT, summary_of_changes="Work in progress")
    return policy


def _versions(policy):
    return {v.number: v for v in policy.versions.all()}


def test_everyone_reads_the_version_in_effect_with_its_history(mfa_client, person, policy):
    page = mfa_client(person).get(reverse("declarations:policy", args=["use-of-it"])).content.decode()
    assert "Version 1.1, in effect from 1 January 2026." in page
    assert "<h2>1. Email</h2>" in page and '<ol start="3">' in page
    assert "alert(1)" not in page
    assert "Clearer rules on personal email." in page and "The first version." in page
    assert "Work in progress" not in page  # drafts are not for everyone
    assert reverse("declarations:version_original", args=["use-of-it", _versions(policy)["1.1"].pk]) in page
    assert reverse("declarations:version_create", args=["use-of-it"]) not in page


def test_administrators_also_see_drafts_and_how_to_write_a_version(mfa_client, admin_user, policy):
    page = mfa_client(admin_user).get(reverse("declarations:policy", args=["use-of-it"])).content.decode()
    assert "Work in progress" in page
    assert reverse("declarations:version_create", args=["use-of-it"]) in page


def test_a_draft_is_not_found_for_staff_and_shown_to_administrators(mfa_client, person, admin_user, role_holder, policy):
    url = reverse("declarations:version", args=["use-of-it", _versions(policy)["2.0"].pk])
    assert mfa_client(person).get(url).status_code == 404
    page = mfa_client(admin_user).get(url).content.decode()
    assert "Staff cannot see this version until it is published." in page
    assert mfa_client(role_holder(RoleKey.AUDITOR)).get(url).status_code == 200


def test_an_older_version_says_it_was_replaced(mfa_client, person, policy):
    url = reverse("declarations:version", args=["use-of-it", _versions(policy)["1.0"].pk])
    assert "This version has been replaced." in mfa_client(person).get(url).content.decode()


def test_the_original_document_downloads_for_those_who_may_read_the_version(mfa_client, person, admin_user, policy):
    versions = _versions(policy)
    response = mfa_client(person).get(reverse("declarations:version_original", args=["use-of-it", versions["1.1"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="use-of-it-version-1.1.pdf"'
    # No file: not found. A draft's file: not for staff.
    assert mfa_client(person).get(reverse("declarations:version_original", args=["use-of-it", versions["1.0"].pk])).status_code == 404
    draft = versions["2.0"]
    draft.original_file = SimpleUploadedFile("draft.pdf", PDF)
    draft.save()
    url = reverse("declarations:version_original", args=["use-of-it", draft.pk])
    assert mfa_client(person).get(url).status_code == 404
    assert mfa_client(admin_user).get(url).status_code == 200


def test_a_preview_shows_the_text_and_saves_nothing(mfa_client, admin_user, policy):
    url = reverse("declarations:version_create", args=["use-of-it"])
    data = {"number": "3.0", "effective_date": "2026-06-01", "body_markdown": "## 4. Devices\n\n*Lock* it.", "grace_days": 28, "preview": "1"}
    response = mfa_client(admin_user).post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: how staff will read the text" in page
    assert "<h2>4. Devices</h2>" in page and "<em>Lock</em>" in page
    assert "## 4. Devices" in page  # the text stays in the form
    assert not policy.versions.filter(number="3.0").exists()


def test_an_administrator_saves_a_draft_with_its_original_document(mfa_client, admin_user, policy):
    url = reverse("declarations:version_create", args=["use-of-it"])
    data = {
        "number": "3.0", "effective_date": "2026-06-01", "summary_of_changes": "Devices abroad.",
        "body_markdown": "## 1. Devices\n\nAsk first.", "material_change": "on", "grace_days": 21,
        "original_file": SimpleUploadedFile("Policy v3.PDF", PDF, content_type="application/pdf"),
    }
    response = mfa_client(admin_user).post(url, data)
    version = policy.versions.get(number="3.0")
    assert response["Location"] == reverse("declarations:version", args=["use-of-it", version.pk])
    assert version.status == PolicyVersion.Status.DRAFT and version.material_change and version.grace_days == 21
    assert version.original_file.read() == PDF
    assert AuditEvent.objects.filter(action="policy_version.drafted", actor=admin_user).count() == 1


def test_a_file_that_is_not_a_document_is_refused_and_the_rest_kept(mfa_client, admin_user, policy):
    url = reverse("declarations:version_create", args=["use-of-it"])
    data = {
        "number": "3.0", "effective_date": "2026-06-01", "body_markdown": "## Kept text", "grace_days": 28,
        "original_file": SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf"),
    }
    response = mfa_client(admin_user).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a PDF, Word (.docx) or OpenDocument (.odt) file." in page
    assert "## Kept text" in page
    assert not policy.versions.filter(number="3.0").exists()


def test_a_number_already_used_is_refused(mfa_client, admin_user, policy):
    url = reverse("declarations:version_create", args=["use-of-it"])
    response = mfa_client(admin_user).post(url, {"number": "1.1", "effective_date": "2026-06-01", "body_markdown": "x", "grace_days": 28})
    assert "Use of IT already has a version 1.1. Give this one another number." in response.content.decode()


def test_a_draft_is_edited_and_the_change_audited(mfa_client, admin_user, policy):
    draft = _versions(policy)["2.0"]
    url = reverse("declarations:version_edit", args=["use-of-it", draft.pk])
    data = {"number": "2.0", "effective_date": "2026-07-01", "body_markdown": "## New text", "grace_days": 28}
    assert mfa_client(admin_user).post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.body_markdown == "## New text"
    event = AuditEvent.objects.get(action="policy_version.changed")
    assert event.details["body_markdown"]["to"] == "## New text"


def test_an_administrator_adds_a_policy_then_writes_its_first_version(mfa_client, admin_user, db):
    client = mfa_client(admin_user)
    owner = Role.objects.get(key=RoleKey.INFORMATION_SECURITY)
    response = client.post(
        reverse("declarations:policy_create"),
        {"title": "Mobile Device Security Operating Procedures", "owner_role": owner.pk, "review_date": "2027-04-01"},
    )
    policy = Policy.objects.get(title="Mobile Device Security Operating Procedures")
    assert policy.slug == "mobile-device-security-operating-procedures"
    assert response["Location"] == reverse("declarations:version_create", args=[policy.slug])
    assert AuditEvent.objects.filter(action="policy.created").count() == 1
    assert "has not been published yet" in client.get(policy.get_absolute_url()).content.decode()


@pytest.mark.parametrize("role", [None, RoleKey.AUDITOR])
def test_only_administrators_write_versions(mfa_client, role_holder, person, policy, role):
    user = role_holder(role) if role else person
    client = mfa_client(user)
    assert client.get(reverse("declarations:version_create", args=["use-of-it"])).status_code == 403
    assert client.get(reverse("declarations:policy_create")).status_code == 403
