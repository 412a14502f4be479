"""The verification page holds up against files and floods made to exhaust it.

Anyone may upload to it (the public too, where an organisation opens it), so a
file is never decompressed without a limit, the record data inside it is read only
once its signature is sound, an upload over the limit is refused unread, and each
address gets a limited number of checks a minute.
"""

import secrets
import time
import tracemalloc

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from records.pdfs import make_record_pdf
from records.signing import sign_pdf
from records.verification import INVALID, verify_pdf

from .record_samples import with_inflating_attachment

URL = reverse("records:verify")
MB = 1024 * 1024


@pytest.fixture
def record(person, make_record):
    return make_record(subject=person, title="Annual policy declaration 2026", produce=True)


def _checked_within_memory(data: bytes):
    """Verify ``data``; the verification, the peak memory it took and the seconds."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = verify_pdf(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak, time.perf_counter() - started


def test_signed_record_data_that_inflates_to_200_mb_is_refused_without_inflating_it(
    record, other_organisation, person, mfa_client
):
    # Signed, validly, by somebody: only a cap on the record data stops it.
    bomb = sign_pdf(with_inflating_attachment(make_record_pdf(record), megabytes=200), identity=other_organisation)
    assert len(bomb) < MB

    result, peak, seconds = _checked_within_memory(bomb)

    assert result.verdict == INVALID
    assert "The record data attached to the file is far larger than any record's, so it was not read." in result.problems
    assert result.claimed_reference == ""
    assert peak < 32 * MB
    assert seconds < 5
    page = mfa_client(person).post(URL, {"file": SimpleUploadedFile("record.pdf", bomb, "application/pdf")})
    assert "Invalid: this file cannot be trusted" in page.content.decode()
    assert "far larger than any record" in page.content.decode()


def test_the_record_data_of_an_unsigned_file_is_never_read(record):
    bomb = with_inflating_attachment(make_record_pdf(record), megabytes=200)

    result, peak, _seconds = _checked_within_memory(bomb)

    assert result.verdict == INVALID
    assert result.problems == ["The file carries no digital signature."]
    assert peak < 32 * MB


def test_a_genuine_record_still_names_the_record_it_claims_to_be(record, other_organisation):
    foreign = sign_pdf(make_record_pdf(record), identity=other_organisation)
    assert verify_pdf(foreign).claimed_reference == record.reference


def test_an_upload_over_the_limit_is_refused_before_it_is_read(person, mfa_client, settings, monkeypatch):
    settings.RECORDS_VERIFY_MAX_BYTES = 1000
    client = mfa_client(person)

    def read_the_body(*args, **kwargs):
        raise AssertionError("the upload was read")

    monkeypatch.setattr(MultiPartParser, "parse", read_the_body)
    big = SimpleUploadedFile("record.pdf", b"%PDF-1.7\n" + bytes(200_000), "application/pdf")
    response = client.post(URL, {"file": big})

    assert response.status_code == 413
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The file is larger than 1000\xa0bytes; records are much smaller." in page


@time_machine.travel("2026-05-01 10:00:10Z", tick=False)
def test_an_address_that_checks_too_often_is_told_to_wait(person, record, mfa_client, settings):
    settings.RECORDS_VERIFY_RATE_LIMIT_PER_MINUTE = 3
    client = mfa_client(person)
    address = f"2001:db8::{secrets.randbelow(0xFFFF):x}"  # an address no other test counts

    def check():
        return client.get(URL, {"reference": record.reference}, REMOTE_ADDR=address)

    assert [check().status_code for _ in range(3)] == [200, 200, 200]
    refused = check()
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    page = refused.content.decode()
    assert "Too many records have been checked from your connection in the last minute." in page
    assert f'href="{URL}"' in page
    # Uploads count too; opening the page does not; other addresses are unaffected.
    upload = SimpleUploadedFile("record.pdf", b"%PDF-1.7\n", "application/pdf")
    assert client.post(URL, {"file": upload}, REMOTE_ADDR=address).status_code == 429
    assert client.get(URL, REMOTE_ADDR=address).status_code == 200
    assert client.get(URL, {"reference": record.reference}, REMOTE_ADDR=f"2001:db8::1:{secrets.randbelow(0xFFFF):x}").status_code == 200
    with time_machine.travel("2026-05-01 10:01:05Z", tick=False):
        assert check().status_code == 200
