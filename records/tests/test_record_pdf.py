"""The signed file: PDF/A-3b, fonts embedded, data attached, laid out for a reader."""

import json
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from records.pdfs import record_data
from records.verification import read_record_data

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "records"


@pytest.fixture
def signed(person, make_record, stored_file):
    person.job_title = "Digital communications officer"
    person.save()
    record = make_record(subject=person, title="Annual policy declaration 2026", produce=True)
    return record, stored_file(record)


def _xmp(reader) -> str:
    return reader.root["/Metadata"].get_object().data.decode()


def test_identifies_as_pdf_a_3b(signed):
    _record, data = signed
    xmp = _xmp(PdfFileReader(BytesIO(data)))
    assert re.search(r"pdfaid:part(=\"|>)3", xmp)
    assert re.search(r"pdfaid:conformance(=\"|>)B", xmp)
    # PDF/A-3 is built on PDF 1.7: signing must not raise the file to PDF 2.0.
    assert data.startswith(b"%PDF-1.7")
    assert b"/Version /2.0" not in data


def test_carries_the_record_data_as_a_json_attachment(signed):
    record, data = signed
    reader = PdfFileReader(BytesIO(data))
    attached = read_record_data(reader)
    assert attached == json.loads(json.dumps(record_data(record), default=str))
    assert attached["reference"] == record.reference
    assert attached["evidence"] == record.evidence
    assert attached["subject"]["email"] == record.subject.email
    # PDF/A-3 names how the attachment relates to the document.
    [spec] = reader.root["/AF"]
    assert spec.get_object()["/AFRelationship"] == "/Data"


def test_every_font_is_embedded(signed):
    _record, data = signed
    fonts = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    assert all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", row) for row in rows), fonts
    assert "DejaVu-Sans" in fonts


def test_reads_like_an_official_record(signed, tmp_path):
    record, data = signed
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    first_page = text.split("\f")[0]
    for expected in [
        "Office of the Police and Crime Commissioner",
        "Annual policy declaration 2026",
        f"Record {record.reference}",
        "Page 1 of",
        "/records/verify/",
        record.subject.full_name,
        "Digital communications officer",
    ]:
        assert expected in first_page, expected
    for expected in [
        "SHA-256 of the text",
        "I will report a lost or stolen device",
        "4 March 2026, 09:03:22 UTC",
        "10.20.30.40",
        "Password and authenticator app",
        "Checking this record",
    ]:
        assert expected in text, expected

    # Page 1 as people see it, kept for looking at.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path),
         str(ARTIFACTS / "record-page-1")],
        check=True,
    )
    assert (ARTIFACTS / "record-page-1.png").stat().st_size > 10_000
