"""The organisation's signing certificate: generated in embedded mode, or configured."""

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import CommandError, call_command

from records.pdfs import make_record_pdf
from records.signing import (
    CA_FILE,
    CERT_FILE,
    KEY_FILE,
    clear_cache,
    make_certificates,
    signing_identity,
)
from records.verification import verify_pdf


@pytest.fixture(autouse=True)
def fresh_identity():
    clear_cache()
    yield
    clear_cache()


def test_the_command_writes_a_ca_and_an_ec_signing_certificate(tmp_path):
    call_command("create_signing_certificate", "--directory", str(tmp_path))
    ca = x509.load_pem_x509_certificate((tmp_path / CA_FILE).read_bytes())
    cert = x509.load_pem_x509_certificate((tmp_path / CERT_FILE).read_bytes())
    key = serialization.load_pem_private_key((tmp_path / KEY_FILE).read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    assert cert.issuer == ca.subject
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment  # non-repudiation
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o077 == 0


def test_refuses_to_replace_a_certificate_without_force(tmp_path):
    call_command("create_signing_certificate", "--directory", str(tmp_path))
    before = (tmp_path / CERT_FILE).read_bytes()
    with pytest.raises(CommandError, match="already exists. Use --force"):
        call_command("create_signing_certificate", "--directory", str(tmp_path))
    assert (tmp_path / CERT_FILE).read_bytes() == before
    call_command("create_signing_certificate", "--directory", str(tmp_path), "--force")
    assert (tmp_path / CERT_FILE).read_bytes() != before


def test_embedded_mode_creates_its_certificate_on_first_use(settings, tmp_path):
    settings.RECORDS_SIGNING_DIR = tmp_path / "signing"
    identity = signing_identity()
    assert (tmp_path / "signing" / CERT_FILE).exists()
    assert identity.trust_roots[0].subject.native["common_name"].endswith("records authority")


def test_production_refuses_to_sign_without_a_configured_key(settings):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="RECORDS_SIGNING_PKCS12"):
        signing_identity()


def _write_pkcs12(tmp_path, password: bytes):
    _ca_key, ca, key, cert = make_certificates(organisation="Configured Police")
    path = tmp_path / "signing.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"records", key, cert, [ca], serialization.BestAvailableEncryption(password)
        )
    )
    return path, cert


def test_a_pkcs12_file_from_configuration_signs(settings, tmp_path, person, db):
    path, cert = _write_pkcs12(tmp_path, b"correct horse")
    settings.RECORDS_SIGNING_PKCS12 = str(path)
    settings.RECORDS_SIGNING_PKCS12_PASSWORD = "correct horse"
    identity = signing_identity()
    assert identity.certificate.dump() == cert.public_bytes(serialization.Encoding.DER)
    assert identity.trust_roots[0].subject.native["common_name"] == "Configured Police records authority"


def test_pem_files_from_configuration_sign(settings, tmp_path, person, make_record):
    _ca_key, ca, key, cert = make_certificates(organisation="Configured Police")
    pem = serialization.Encoding.PEM
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(pem))
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    settings.RECORDS_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.RECORDS_SIGNING_CERT = str(tmp_path / "cert.pem")
    settings.RECORDS_SIGNING_CHAIN = [str(tmp_path / "ca.pem")]
    record = make_record(subject=person)
    from records.signing import sign_pdf

    result = verify_pdf(sign_pdf(make_record_pdf(record)))
    assert result.verdict == "valid" and result.trusted
    assert "Configured Police records signing" in result.signer_subject


def test_a_missing_configured_file_is_named(settings, tmp_path):
    settings.RECORDS_SIGNING_KEY = str(tmp_path / "nowhere.pem")
    settings.RECORDS_SIGNING_CERT = str(tmp_path / "cert.pem")
    with pytest.raises(Exception, match="nowhere.pem is missing or unreadable"):
        signing_identity()


def test_the_signing_certificate_lasts_five_years(tmp_path):
    call_command("create_signing_certificate", "--directory", str(tmp_path))
    cert = x509.load_pem_x509_certificate((tmp_path / CERT_FILE).read_bytes())
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert dt.timedelta(days=5 * 365) <= lifetime < dt.timedelta(days=5 * 365 + 1)
