"""Fixtures for the signed-records tests."""

import pytest

from records.services import record_create

from .record_samples import other_organisation_identity, sample_evidence


@pytest.fixture
def record_storage(settings, tmp_path):
    """Record files go to a folder of this test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def make_record(record_storage, django_capture_on_commit_callbacks):
    """Factory: a record made the way services make them, pending as before a worker
    picks it up; ``produce=True`` renders and signs its PDF at once, for the tests
    that need the file (rendering costs a tenth of a second a record)."""

    def make(*, subject, kind="test", evidence=None, obj=None, title="Test record", produce=False):
        with django_capture_on_commit_callbacks(execute=produce):
            record = record_create(
                kind=kind,
                subject=subject,
                obj=obj,
                evidence=evidence if evidence is not None else sample_evidence(subject),
                title=title,
            )
        record.refresh_from_db()
        return record

    return make


@pytest.fixture(scope="session")
def other_organisation():
    """Another organisation's signing identity, made once per test run."""
    return other_organisation_identity()


@pytest.fixture
def stored_file(record_storage):
    """Factory: the bytes of a record's stored file."""

    def read(record) -> bytes:
        return (record_storage / record.file.name).read_bytes()

    return read
