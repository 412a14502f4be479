"""With a time-stamping authority configured, records are signed at PAdES-B-T.

A small time-stamping authority runs in this test on a local port (pyHanko's
DummyTimeStamper behind an RFC 3161 HTTP endpoint), so the portal's own HTTP
client is what asks it for the time-stamp.
"""

import asyncio
import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper

from records.pdfs import make_record_pdf
from records.signing import sign_pdf
from records.verification import verify_pdf

STAMPED_AT = dt.datetime(2026, 6, 1, 12, 0, 0, tzinfo=dt.UTC)


def _tsa_certificate():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test time-stamping authority")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    return (
        asn1_x509.Certificate.load(cert.public_bytes(der)),
        asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
    )


@pytest.fixture
def tsa_url():
    stamper = DummyTimeStamper(*_tsa_certificate(), fixed_dt=STAMPED_AT)
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            requests.append(request)
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", requests
    server.shutdown()
    server.server_close()


def test_a_configured_time_stamping_authority_stamps_the_signature(
    settings, tsa_url, person, make_record
):
    url, requests = tsa_url
    settings.RECORDS_TSA_URL = url
    record = make_record(subject=person)
    result = verify_pdf(sign_pdf(make_record_pdf(record)))
    # pyHanko asks once to size the signature, then for the time-stamp itself.
    assert requests
    assert result.verdict == "valid"
    assert result.timestamped
    assert result.signed_at == STAMPED_AT


def test_without_one_the_signature_carries_the_signers_own_time(settings, person, make_record):
    settings.RECORDS_TSA_URL = ""
    record = make_record(subject=person)
    result = verify_pdf(sign_pdf(make_record_pdf(record)))
    assert result.verdict == "valid"
    assert not result.timestamped
    assert abs(result.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_a_record_is_signed_from_a_thread_already_running_an_event_loop(
    settings, person, make_record
):
    settings.RECORDS_TSA_URL = ""
    pdf = make_record_pdf(make_record(subject=person))

    async def sign_inside_a_running_loop():
        return sign_pdf(pdf)

    assert verify_pdf(asyncio.run(sign_inside_a_running_loop())).verdict == "valid"
