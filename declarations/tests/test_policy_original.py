"""A policy version's original document: stored once, never replaced, checked when shown.

Each upload is stored under a name of its own with the SHA-256 of what was
uploaded; the policy and version pages say whether the stored file is still that
file, and a file that is not is never handed out.
"""

import datetime as dt
import hashlib
import importlib
import os

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from declarations import services
from declarations.models import PolicyVersion
from records.tests.s3 import BUCKET, s3_bucket_fixture, s3_endpoint_fixture  # noqa: F401

from .factories import PolicyFactory, PolicyVersionFactory

FIRST = b"%PDF-1.7\n% the policy as the board signed it off\n%%EOF\n"
SECOND = b"%PDF-1.7\n% the next version, under the same file name\n%%EOF\n"
FORGED = b"%PDF-1.7\n% somebody else's text\n%%EOF\n"
CHANGED = "The original document has been changed."


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def policy(db):
    return PolicyFactory(title="Use of IT", slug="use-of-it")


def _draft(policy, actor, number: str, data: bytes, name: str = "policy.pdf") -> PolicyVersion:
    return services.policy_version_create(
        policy=policy, actor=actor, number=number, effective_date=dt.date(2026, 6, 1),
        body_markdown="## 1. Email\n\nKeep it at work.", original_file=SimpleUploadedFile(name, data),
    )


def _published(policy, actor, number: str, data: bytes) -> PolicyVersion:
    return services.policy_version_publish(version=_draft(policy, actor, number, data), actor=actor)


def _pages(client, version) -> list[str]:
    return [
        client.get(reverse("declarations:policy", args=[version.policy.slug])).content.decode(),
        client.get(reverse("declarations:version", args=[version.policy.slug, version.pk])).content.decode(),
    ]


def _download(client, version):
    return client.get(reverse("declarations:version_original", args=[version.policy.slug, version.pk]))


def test_each_original_is_stored_under_a_name_of_its_own_with_its_sha256(mfa_client, admin_user, policy, media):
    client = mfa_client(admin_user)
    for number, data in (("1.0", FIRST), ("2.0", SECOND)):
        response = client.post(reverse("declarations:version_create", args=["use-of-it"]), {
            "number": number, "effective_date": "2026-06-01", "body_markdown": "## Text", "grace_days": 28,
            "original_file": SimpleUploadedFile("policy.pdf", data, content_type="application/pdf"),
        })
        assert response.status_code == 302
    first, second = policy.versions.get(number="1.0"), policy.versions.get(number="2.0")

    assert first.original_file.name != second.original_file.name
    assert (first.original_sha256, second.original_sha256) == (sha256(FIRST), sha256(SECOND))
    assert b"".join(_download(client, first).streaming_content) == FIRST
    assert b"".join(_download(client, second).streaming_content) == SECOND
    drafted = AuditEvent.objects.filter(action="policy_version.drafted").order_by("pk").last()
    assert drafted.details["original_sha256"] == sha256(SECOND)


def test_a_stored_file_is_never_saved_over(admin_user, policy, media, monkeypatch):
    (media / "policies").mkdir(parents=True)
    (media / "policies" / "taken.pdf").write_bytes(FIRST)
    monkeypatch.setattr(services, "original_file_name", lambda instance, filename: "policies/taken.pdf")

    with pytest.raises(FileExistsError):
        _draft(policy, admin_user, "1.0", FORGED)

    assert (media / "policies" / "taken.pdf").read_bytes() == FIRST
    assert not policy.versions.exists()


def test_the_pages_say_the_original_is_the_file_uploaded(mfa_client, admin_user, person, policy, media):
    version = _published(policy, admin_user, "1.0", FIRST)
    client = mfa_client(person)

    for page in _pages(client, version):
        assert "Checked: exactly the file uploaded" in page
        assert sha256(FIRST) in page
        assert reverse("declarations:version_original", args=["use-of-it", version.pk]) in page
    assert b"".join(_download(client, version).streaming_content) == FIRST


def test_a_replaced_original_is_flagged_and_never_served(mfa_client, admin_user, person, policy, media):
    version = _published(policy, admin_user, "1.0", FIRST)
    (media / version.original_file.name).write_bytes(FORGED)
    client = mfa_client(person)

    for page in _pages(client, version):
        assert CHANGED in page
        assert "no longer the one that was uploaded" in page
        assert reverse("declarations:version_original", args=["use-of-it", version.pk]) not in page
    assert _download(client, version).status_code == 404
    event = AuditEvent.objects.get(action="policy_version.original_mismatch")
    assert event.details["original_sha256"] == sha256(FIRST)
    assert event.details["stored_sha256"] == sha256(FORGED)


def test_the_pages_read_the_original_again_once_its_size_or_time_changes(
    mfa_client, admin_user, person, policy, media
):
    version = _published(policy, admin_user, "1.0", FIRST)
    client = mfa_client(person)
    assert "Checked: exactly the file uploaded" in _pages(client, version)[0]

    stored = media / version.original_file.name
    stored.write_bytes(FORGED + b"% longer\n")

    assert CHANGED in _pages(client, version)[0]


def test_a_download_checks_the_original_in_full_even_when_the_pages_trust_an_earlier_check(
    mfa_client, admin_user, person, policy, media
):
    version = _published(policy, admin_user, "1.0", FIRST)
    client = mfa_client(person)
    _pages(client, version)
    # A file forged to the same length, its time put back: the pages keep their check
    # for a while, but nothing forged is ever handed out.
    stored = media / version.original_file.name
    times = stored.stat()
    stored.write_bytes(FIRST.replace(b"board", b"BOARD"))
    os.utime(stored, ns=(times.st_atime_ns, times.st_mtime_ns))

    assert "Checked: exactly the file uploaded" in _pages(client, version)[0]
    assert _download(client, version).status_code == 404


def test_an_original_grown_beyond_any_upload_is_refused_unread(mfa_client, admin_user, person, policy, media, monkeypatch):
    version = _published(policy, admin_user, "1.0", FIRST)
    monkeypatch.setattr("declarations.selectors.ORIGINAL_FILE_MAX_BYTES", len(FIRST) - 1)
    client = mfa_client(person)
    assert CHANGED in _pages(client, version)[1]
    assert _download(client, version).status_code == 404


def test_a_missing_original_is_reported(mfa_client, admin_user, person, policy, media):
    version = _published(policy, admin_user, "1.0", FIRST)
    (media / version.original_file.name).unlink()
    client = mfa_client(person)

    for page in _pages(client, version):
        assert "missing from the portal's storage" in page
    assert _download(client, version).status_code == 404


def test_an_original_without_a_recorded_sha256_says_it_cannot_be_confirmed(mfa_client, person, policy, media):
    version = PolicyVersionFactory(policy=policy, number="1.0", original_file=SimpleUploadedFile("policy.pdf", FIRST))
    assert version.original_sha256 == ""
    client = mfa_client(person)

    for page in _pages(client, version):
        assert "No fingerprint was recorded when this file was uploaded" in page
        assert CHANGED not in page
    assert b"".join(_download(client, version).streaming_content) == FIRST


def test_a_draft_whose_original_changed_is_not_published(admin_user, policy, media):
    draft = _draft(policy, admin_user, "1.0", FIRST)
    (media / draft.original_file.name).write_bytes(FORGED)

    with pytest.raises(ValidationError, match="upload it again before publishing"):
        services.policy_version_publish(version=draft, actor=admin_user)
    draft.refresh_from_db()
    assert not draft.is_published


def test_editing_a_draft_keeps_its_original_unless_a_new_one_comes(mfa_client, admin_user, policy, media):
    draft = _draft(policy, admin_user, "1.0", FIRST)
    first_name = draft.original_file.name
    client = mfa_client(admin_user)
    url = reverse("declarations:version_edit", args=["use-of-it", draft.pk])
    data = {"number": "1.0", "effective_date": "2026-07-01", "body_markdown": "## New text", "grace_days": 28}

    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert (draft.original_file.name, draft.original_sha256) == (first_name, sha256(FIRST))
    assert "original_file" not in AuditEvent.objects.get(action="policy_version.changed").details

    replacement = SimpleUploadedFile("policy.pdf", SECOND, content_type="application/pdf")
    assert client.post(url, {**data, "original_file": replacement}).status_code == 302
    draft.refresh_from_db()
    assert draft.original_file.name != first_name
    assert draft.original_sha256 == sha256(SECOND)
    assert (media / first_name).read_bytes() == FIRST  # stored beside it, not over it
    change = AuditEvent.objects.filter(action="policy_version.changed").order_by("pk").last().details
    assert change["original_sha256"] == {"from": sha256(FIRST), "to": sha256(SECOND)}


def test_the_migration_records_the_sha256_of_the_originals_already_stored(policy, media):
    kept = PolicyVersionFactory(policy=policy, number="1.0", original_file=SimpleUploadedFile("a.pdf", FIRST))
    gone = PolicyVersionFactory(policy=policy, number="1.1", original_file=SimpleUploadedFile("b.pdf", SECOND))
    (media / gone.original_file.name).unlink()
    migration = importlib.import_module("declarations.migrations.0002_policy_version_original_sha256")

    migration.record_sha256_of_stored_originals(apps, None)

    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.original_sha256 == sha256(FIRST)
    assert gone.original_sha256 == ""


def test_originals_in_a_bucket_that_overwrites_on_save_are_never_replaced(
    s3_bucket, settings, mfa_client, admin_user, person, policy
):
    storage = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**storage, "OPTIONS": {**storage["OPTIONS"], "file_overwrite": True}},
    }
    first = _published(policy, admin_user, "1.0", FIRST)
    second = _published(policy, admin_user, "2.0", SECOND)  # also "policy.pdf"
    client = mfa_client(person)

    assert first.original_file.name != second.original_file.name
    stored = s3_bucket.get_object(Bucket=BUCKET, Key=first.original_file.name)["Body"].read()
    assert stored == FIRST
    assert b"".join(_download(client, first).streaming_content) == FIRST

    # Somebody with access to the bucket puts other bytes in its place.
    s3_bucket.put_object(Bucket=BUCKET, Key=first.original_file.name, Body=FORGED)
    assert CHANGED in _pages(client, first)[1]
    assert _download(client, first).status_code == 404
