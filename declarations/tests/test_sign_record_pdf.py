"""The signed PDF record of a declaration reads like an official record of what was signed."""

import re
import subprocess
from pathlib import Path

import pytest
import time_machine

from declarations.models import Declaration
from records.models import Record
from records.pdfs import make_record_pdf
from records.services import record_produce

from .signing_samples import STATEMENTS, make_sign_in_stale, requirement_for, sign_url, signing_data

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "records"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36"


@pytest.fixture
def signed_declaration(mfa_client, person, password, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    person.job_title = "Digital communications officer"
    person.save()
    with time_machine.travel("2026-01-02 12:00Z", tick=False):
        requirement = requirement_for(person)  # the policy is published now
    with time_machine.travel("2026-03-04 09:03:22Z", tick=False):
        client = mfa_client(person)
    with time_machine.travel("2026-03-04 09:40:05Z", tick=False):
        make_sign_in_stale(client, seconds_ago=1800)
        response = client.post(
            sign_url(requirement), signing_data(requirement), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.20.30.40"
        )
        client.post(response["Location"], {"password": password})  # re-authenticate, then it is signed
    return Declaration.objects.get()


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "declaration.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_record_sets_out_who_signed_what_when_and_how(signed_declaration, tmp_path):
    record = signed_declaration.record
    text = _text(make_record_pdf(record), tmp_path)
    flat = " ".join(text.split())
    for expected in [
        "Annual policy declaration: Use of IT, communications and social media, version 5.0",
        "Pat Member signed the Annual policy declaration",
        "Who signed", "Digital communications officer",
        "What they signed", "Use of IT, communications and social media",
        "5.0, in effect from 1 January 2026 (published 2 January 2026, 12:00:00 UTC)",
        "Period First declaration; due by 16 January 2026",
        "Statements confirmed", *STATEMENTS,
        "Understanding checked", "Answered correctly: No, never",
        "Signature", "Name typed Pat Member",
        "Signed at 4 March 2026, 09:40:05 UTC",
        "IP address 10.20.30.40",
        "Password (at sign-in), 4 March 2026, 09:10:05 UTC",
        "Code from an authenticator app (at sign-in), 4 March 2026, 09:10:05 UTC",
        "Password (entered again before signing), 4 March 2026, 09:40:05 UTC",
        f"Record {record.reference}",
    ]:
        assert expected in flat, expected
    # Both fingerprints, whole (they may wrap in the layout).
    compact = re.sub(r"\s+", "", text)
    assert signed_declaration.text_sha256 in compact
    assert signed_declaration.version.body_sha256 in compact
    assert "AppleWebKit/537.36Chrome/140.0" in compact


def test_the_record_is_signed_and_can_be_looked_at(signed_declaration, tmp_path):
    record = signed_declaration.record
    assert record_produce(record_id=record.pk)
    record.refresh_from_db()
    assert record.status == Record.Status.COMPLETE
    pdf = Path(record.file.path).read_bytes()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "declaration.pdf").write_bytes(pdf)
    result = subprocess.run(["pdfsig", str(ARTIFACTS / "declaration.pdf")], capture_output=True, text=True)
    assert "Signature is Valid" in result.stdout
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(ARTIFACTS / "declaration.pdf"), str(ARTIFACTS / "declaration")],
        check=True,
    )
    assert list(ARTIFACTS.glob("declaration-*.png"))
