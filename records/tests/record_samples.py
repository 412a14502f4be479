"""Evidence, certificates and file helpers for the signed-records tests."""

from __future__ import annotations

import datetime as dt

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from records.signing import SigningIdentity, make_certificates


def sample_evidence(subject, **overrides) -> dict:
    """Evidence shaped like a declaration's: who, what, when and how."""
    evidence = {
        "person": {
            "name": subject.full_name,
            "email": subject.email,
            "job_title": subject.job_title,
        },
        "policy": {
            "title": "IT, communications and social media policy",
            "version": "4.2",
            "text_sha256": "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea",
        },
        "statements": [
            "I have read the policy and understand what it asks of me.",
            "I will report a lost or stolen device to the IT service desk at once.",
        ],
        "signed_at": dt.datetime(2026, 3, 4, 9, 3, 22, tzinfo=dt.UTC),
        "typed_name": subject.full_name,
        "ip_address": "10.20.30.40",
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0",
        "authentication": "Password and authenticator app",
    }
    evidence.update(overrides)
    return evidence


def other_organisation_identity(name: str = "Another Constabulary") -> SigningIdentity:
    """A complete signing identity (CA and EC signing certificate) of another organisation."""
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    _ca_key, ca_cert, key, cert = make_certificates(organisation=name)
    der = serialization.Encoding.DER
    ca = asn1_x509.Certificate.load(ca_cert.public_bytes(der))
    certificate = asn1_x509.Certificate.load(cert.public_bytes(der))
    private_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    signer = SimpleSigner(
        signing_cert=certificate,
        signing_key=private_key,
        cert_registry=SimpleCertificateStore.from_certs([ca]),
    )
    return SigningIdentity(signer, certificate, (ca,))


def flip_byte(data: bytes, position: int) -> bytes:
    """``data`` with the byte at ``position`` changed."""
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def with_inflating_attachment(pdf: bytes, *, megabytes: int) -> bytes:
    """``pdf`` with its ``record.json`` replaced by ``megabytes`` MB of zeros, compressed.

    A few hundred kilobytes on disk that inflate a thousandfold; built a megabyte at a
    time, so making it costs the test no memory either.
    """
    import zlib
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    compressor = zlib.compressobj(9)
    megabyte = bytes(1024 * 1024)
    compressed = b"".join([compressor.compress(megabyte) for _ in range(megabytes)] + [compressor.flush()])
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    spec = writer.root["/Names"]["/EmbeddedFiles"]["/Names"][1]
    stream = generic.StreamObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/EmbeddedFile"),
            generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode"),
        },
        encoded_data=compressed,
    )
    spec["/EF"] = generic.DictionaryObject({generic.pdf_name("/F"): writer.add_object(stream)})
    writer.update_container(spec)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
