import pytest
from django.core.management import CommandError, call_command

from records.pdfs import make_record_pdf
from records.signing import sign_pdf

from .record_samples import flip_byte


@pytest.fixture
def signed(person, make_record, stored_file):
    record = make_record(subject=person, produce=True)
    return record, stored_file(record)


def _run(path, capsys):
    try:
        call_command("verify_record", str(path))
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, capsys.readouterr().out


def test_a_genuine_record_is_valid_and_exits_zero(signed, tmp_path, capsys):
    record, data = signed
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    code, out = _run(path, capsys)
    assert code == 0
    assert out.startswith("VALID")
    assert f"Portal holds it:      yes, record {record.reference}" in out
    assert "Covers whole file:    yes" in out


def test_one_changed_byte_is_invalid_and_exits_non_zero(signed, tmp_path, capsys):
    _record, data = signed
    path = tmp_path / "tampered.pdf"
    path.write_bytes(flip_byte(data, len(data) // 3))
    code, out = _run(path, capsys)
    assert code == 1
    assert out.startswith("INVALID")


def test_another_organisations_record_is_not_ours_and_exits_non_zero(
    signed, other_organisation, tmp_path, capsys
):
    record, _data = signed
    path = tmp_path / "foreign.pdf"
    path.write_bytes(sign_pdf(make_record_pdf(record), identity=other_organisation))
    code, out = _run(path, capsys)
    assert code == 1
    assert out.startswith("NOT SIGNED BY THIS ORGANISATION")
    assert "Another Constabulary" in out
    assert "By this organisation: no" in out


def test_a_file_that_is_not_a_pdf_is_invalid(tmp_path, capsys, db):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    code, out = _run(path, capsys)
    assert code == 1
    assert "This is not a PDF file." in out


def test_a_missing_file_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("verify_record", str(tmp_path / "absent.pdf"))
