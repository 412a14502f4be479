"""The verification page: upload a record or type its reference."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from records.pdfs import make_record_pdf
from records.signing import sign_pdf
from records.verification import verify_pdf

from .record_samples import flip_byte

URL = reverse("records:verify")


def _upload(client, data: bytes, name="record.pdf"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "application/pdf")})


@pytest.fixture
def signed(person, make_record, stored_file):
    record = make_record(subject=person, title="Annual policy declaration 2026", produce=True)
    return record, stored_file(record)


def test_a_genuine_record_is_valid_and_matches_the_portal(person, signed, mfa_client):
    record, data = signed
    response = _upload(mfa_client(person), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid: a genuine record signed by Office of the Police and Crime Commissioner" in page
    assert "records authority" in page  # the issuer of the signing certificate
    assert f"Yes: record {record.reference}" in page
    # The subject may see what it is about.
    assert "Annual policy declaration 2026" in page


def test_a_declarations_line_manager_is_told_what_it_is_about(
    manager, make_record, stored_file, mfa_client
):
    record = make_record(subject=manager.report, kind="declaration", title="Annual policy declaration 2026", produce=True)
    page = _upload(mfa_client(manager), stored_file(record)).content.decode()
    assert "Valid: a genuine record" in page
    assert "Annual policy declaration 2026" in page
    assert manager.report.full_name in page


@pytest.mark.parametrize("where", [0.02, 0.3, 0.6, 0.97])
def test_one_changed_byte_anywhere_makes_it_invalid(person, signed, mfa_client, where):
    _record, data = signed
    tampered = flip_byte(data, int(len(data) * where))
    page = _upload(mfa_client(person), tampered).content.decode()
    assert "Invalid: this file cannot be trusted" in page
    assert "Yes: record" not in page


def test_a_changed_byte_in_the_signature_padding_makes_it_invalid(signed):
    _record, data = signed
    # The last hex digit of /Contents lies in the zero padding after the signature.
    end_of_contents = data.rindex(b"0>", 0, data.rindex(b"/ByteRange"))
    tampered = data[:end_of_contents] + b"1" + data[end_of_contents + 1 :]
    assert verify_pdf(tampered).verdict == "invalid"


def test_a_file_changed_after_signing_is_invalid(person, signed, mfa_client):
    _record, data = signed
    appended = data + b"\n1 0 obj\n(an incremental change)\nendobj\n"
    page = _upload(mfa_client(person), appended).content.decode()
    assert "Invalid: this file cannot be trusted" in page


def test_another_organisations_valid_record_is_not_signed_by_this_organisation(
    person, signed, other_organisation, mfa_client
):
    record, _data = signed
    # The same record rendered again and signed with someone else's certificate.
    foreign = sign_pdf(make_record_pdf(record), identity=other_organisation)
    page = _upload(mfa_client(person), foreign).content.decode()
    assert "The signature is valid, but the file was not signed by this organisation" in page
    assert "Another Constabulary" in page
    assert "the portal holds no record with this exact file" not in page  # it claims a reference
    assert f"the file says it is record {record.reference}" in page


def test_an_unsigned_pdf_is_invalid(person, signed, mfa_client):
    record, _data = signed
    page = _upload(mfa_client(person), make_record_pdf(record)).content.decode()
    assert "Invalid: this file cannot be trusted" in page
    assert "The file carries no digital signature." in page


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(person, mfa_client):
    response = _upload(mfa_client(person), b"GIF89a not a pdf", name="record.pdf")
    page = response.content.decode()
    assert "The file is not a PDF" in page
    assert "There is a problem" in page


def test_a_file_over_the_size_limit_is_refused(person, mfa_client, settings):
    settings.RECORDS_VERIFY_MAX_BYTES = 1000
    page = _upload(mfa_client(person), b"%PDF-1.7\n" + b"0" * 2000).content.decode()
    assert "The file is larger than" in page


def test_nothing_chosen_asks_for_a_file_or_a_reference(person, mfa_client):
    page = mfa_client(person).post(URL, {"reference": ""}).content.decode()
    assert "Choose a record file to upload, or type its reference." in page


def test_a_malformed_reference_is_explained_and_kept(person, mfa_client):
    page = mfa_client(person).post(URL, {"reference": "dec 2026 12"}).content.decode()
    assert "Enter a reference like DEC-2026-000123" in page
    assert 'value="dec 2026 12"' in page


def test_a_reference_shows_what_the_portal_holds(person, signed, mfa_client):
    record, _data = signed
    page = mfa_client(person).get(URL, {"reference": record.reference.lower()}).content.decode()
    assert f"Record {record.reference} is held by the portal and its signature is valid" in page
    assert record.sha256 in page
    assert "Annual policy declaration 2026" in page


def test_a_reference_hides_what_the_record_is_about_from_others(manager, make_record, person, mfa_client):
    record = make_record(subject=manager.report, title="Annual policy declaration 2026", produce=True)
    page = mfa_client(person).get(URL, {"reference": record.reference}).content.decode()
    assert "is held by the portal" in page
    assert "Annual policy declaration 2026" not in page
    assert manager.report.full_name not in page
    assert "Only the people allowed to see record" in page


def test_an_uploaded_file_hides_what_the_record_is_about_from_others(
    manager, make_record, stored_file, person, mfa_client
):
    record = make_record(subject=manager.report, title="Annual policy declaration 2026", produce=True)
    page = _upload(mfa_client(person), stored_file(record)).content.decode()
    assert "Valid: a genuine record" in page
    assert "Annual policy declaration 2026" not in page
    assert manager.report.full_name not in page


def test_an_unknown_reference_is_reported(person, mfa_client):
    page = mfa_client(person).get(URL, {"reference": "DEC-2026-000999"}).content.decode()
    assert "No record has the reference DEC-2026-000999" in page


def test_a_record_being_prepared_says_so(person, make_record, mfa_client):
    record = make_record(subject=person)
    page = mfa_client(person).get(URL, {"reference": record.reference}).content.decode()
    assert f"Record {record.reference} is being prepared" in page


def test_a_tampered_stored_copy_is_reported(person, signed, mfa_client, record_storage):
    record, data = signed
    (record_storage / record.file.name).write_bytes(flip_byte(data, len(data) // 2))
    page = mfa_client(person).get(URL, {"reference": record.reference}).content.decode()
    assert f"Invalid: the portal's copy of record {record.reference} fails its check" in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.urls("records.tests.urls_verify_public")
def test_the_page_can_be_opened_to_the_public(client, signed):
    record, data = signed
    page = _upload(client, data).content.decode()
    assert "Valid: a genuine record" in page
    # The public learns that it is genuine, not what it is about.
    assert "Annual policy declaration 2026" not in page
    assert "Only the people allowed to see record" in page
