"""The organisation's signing key and certificate, and signing PDFs with them.

Where the key comes from, in order:

1. ``RECORDS_SIGNING_PKCS12`` (and ``RECORDS_SIGNING_PKCS12_PASSWORD``): a PKCS#12
   file holding the key, the certificate and, ideally, the issuing chain.
2. ``RECORDS_SIGNING_KEY`` and ``RECORDS_SIGNING_CERT``: PEM files (with
   ``RECORDS_SIGNING_KEY_PASSWORD`` if the key is encrypted and
   ``RECORDS_SIGNING_CHAIN`` for the issuing certificates).
3. In the embedded deployment only: an organisation certificate authority and a
   signing certificate generated under ``var/signing/`` the first time they are
   needed (``manage.py create_signing_certificate`` does it on demand).

Signatures are invisible PAdES signatures over the whole file with SHA-256: at
PAdES-B-T when ``RECORDS_TSA_URL`` names a time-stamping authority, else B-B.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CA_FILE = "organisation-ca.pem"
KEY_FILE = "signing-key.pem"
CERT_FILE = "signing-cert.pem"
SIGNATURE_FIELD = "OrganisationSignature"

CA_LIFETIME = dt.timedelta(days=365 * 20)
SIGNING_CERT_LIFETIME = dt.timedelta(days=365 * 5)


@dataclass(frozen=True)
class SigningIdentity:
    """What signing needs: pyHanko's signer, our certificate and the trust roots."""

    signer: object  # pyhanko.sign.signers.SimpleSigner
    certificate: asn1_x509.Certificate
    trust_roots: tuple[asn1_x509.Certificate, ...]

    @property
    def fingerprint(self) -> str:
        return certificate_fingerprint(self.certificate)


def certificate_fingerprint(certificate: asn1_x509.Certificate) -> str:
    """SHA-256 of the certificate's DER encoding, as lower-case hex."""
    return hashlib.sha256(certificate.dump()).hexdigest()


def format_fingerprint(fingerprint: str) -> str:
    """``ab12…`` as ``AB:12:…``, the way certificate viewers show it."""
    upper = fingerprint.upper()
    return ":".join(upper[i : i + 2] for i in range(0, len(upper), 2))


# Generating the embedded certificates ------------------------------------------------


def _key_usage(**enabled) -> x509.KeyUsage:
    usages = dict.fromkeys(
        (
            "digital_signature", "content_commitment", "key_encipherment",
            "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
            "encipher_only", "decipher_only",
        ),
        False,
    )
    usages.update(enabled)
    return x509.KeyUsage(**usages)


def _organisation_name(organisation: str, purpose: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} {purpose}"[:64]),
        ]
    )


def make_certificates(*, organisation: str | None = None, now: dt.datetime | None = None):
    """A new organisation CA and an EC P-256 signing certificate it issued.

    Returns ``(ca_key, ca_cert, signing_key, signing_cert)`` as ``cryptography``
    objects. The signing certificate carries the digital-signature and
    non-repudiation key usages that document signatures need.
    """
    now = now or dt.datetime.now(dt.UTC)
    organisation = organisation or settings.ORGANISATION_NAME
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _organisation_name(organisation, "records authority")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    signing_key = ec.generate_private_key(ec.SECP256R1())
    signing_name = _organisation_name(organisation, "records signing")
    signing_cert = (
        x509.CertificateBuilder()
        .subject_name(signing_name)
        .issuer_name(ca_name)
        .public_key(signing_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + SIGNING_CERT_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            _key_usage(digital_signature=True, content_commitment=True), critical=True
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(signing_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return ca_key, ca_cert, signing_key, signing_cert


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by this user only, replacing it atomically."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def write_certificates(directory: Path, *, force: bool = False) -> Path:
    """Generate the organisation CA and signing certificate into ``directory``.

    Refuses to replace existing files unless ``force``: records signed with the
    old key stay verifiable only while its certificate is known.
    """
    directory.mkdir(parents=True, exist_ok=True)
    existing = [name for name in (CA_FILE, KEY_FILE, CERT_FILE) if (directory / name).exists()]
    if existing and not force:
        raise FileExistsError(f"{directory / existing[0]} already exists")
    _ca_key, ca_cert, signing_key, signing_cert = make_certificates()
    pem = serialization.Encoding.PEM
    _write_private(directory / CA_FILE, ca_cert.public_bytes(pem))
    _write_private(directory / CERT_FILE, signing_cert.public_bytes(pem))
    _write_private(
        directory / KEY_FILE,
        signing_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    # The CA's private key is not kept: the embedded CA issues exactly one
    # certificate, and a fresh pair is made when it has to be replaced.
    return directory


def _ensure_embedded_certificates(directory: Path) -> None:
    """Create the embedded certificates once, even with several processes starting at once."""
    if all((directory / name).exists() for name in (CA_FILE, KEY_FILE, CERT_FILE)):
        return
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all((directory / name).exists() for name in (CA_FILE, KEY_FILE, CERT_FILE)):
            write_certificates(directory, force=True)


# Loading ----------------------------------------------------------------------------


def _is_self_signed(certificate: asn1_x509.Certificate) -> bool:
    return certificate.subject == certificate.issuer


def _configuration() -> tuple:
    """The settings that decide which key signs, as a hashable cache key."""
    return (
        settings.RECORDS_SIGNING_PKCS12,
        settings.RECORDS_SIGNING_PKCS12_PASSWORD,
        settings.RECORDS_SIGNING_KEY,
        settings.RECORDS_SIGNING_KEY_PASSWORD,
        settings.RECORDS_SIGNING_CERT,
        tuple(settings.RECORDS_SIGNING_CHAIN),
        str(settings.RECORDS_SIGNING_DIR),
        settings.PRODUCTION,
    )


def signing_identity() -> SigningIdentity:
    """The organisation's signing identity, loaded once per process."""
    return _load_identity(_configuration())


@lru_cache(maxsize=4)
def _load_identity(configuration: tuple) -> SigningIdentity:
    from pyhanko.sign import signers

    pkcs12, pkcs12_password, key, key_password, cert, chain, directory, production = configuration
    for path in (pkcs12, key, cert, *chain):
        if path and not os.access(path, os.R_OK):
            raise ImproperlyConfigured(f"The records signing file {path} is missing or unreadable.")
    if pkcs12:
        signer = signers.SimpleSigner.load_pkcs12(
            pkcs12, ca_chain_files=list(chain) or None, passphrase=pkcs12_password.encode() or None
        )
    elif key or cert:
        if not (key and cert):
            raise ImproperlyConfigured(
                "Set both RECORDS_SIGNING_KEY and RECORDS_SIGNING_CERT (PEM files)."
            )
        signer = signers.SimpleSigner.load(
            key, cert, ca_chain_files=list(chain) or None,
            key_passphrase=key_password.encode() or None,
        )
    elif production:
        raise ImproperlyConfigured(
            "Records cannot be signed: set RECORDS_SIGNING_PKCS12 (and its password) or "
            "RECORDS_SIGNING_KEY and RECORDS_SIGNING_CERT."
        )
    else:
        directory = Path(directory)
        _ensure_embedded_certificates(directory)
        signer = signers.SimpleSigner.load(
            str(directory / KEY_FILE), str(directory / CERT_FILE),
            ca_chain_files=[str(directory / CA_FILE)],
        )
    if signer is None:
        raise ImproperlyConfigured("The records signing key or certificate could not be read.")
    certificate = signer.signing_cert
    others = list(signer.cert_registry)
    roots = [c for c in others if _is_self_signed(c) and c.dump() != certificate.dump()]
    # Without its issuing chain, a certificate can only be trusted as itself.
    return SigningIdentity(signer, certificate, tuple(roots) or (certificate,))


def clear_cache() -> None:
    """Forget the loaded identity (after new certificates are written)."""
    _load_identity.cache_clear()


# Signing ----------------------------------------------------------------------------


def _timestamper():
    if not settings.RECORDS_TSA_URL:
        return None
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

    return HTTPTimeStamper(settings.RECORDS_TSA_URL, timeout=20)


@lru_cache(maxsize=1)
def _pdf_a3_signer_class():
    from pyhanko.sign import signers
    from pyhanko.sign.signers.constants import ESIC_EXTENSION_1

    class PdfA3Signer(signers.PdfSigner):
        """Signs without raising the file to PDF 2.0.

        For an EC key pyHanko declares PDF 2.0 and ISO/TS 32002. PDF/A-3 is
        built on PDF 1.7, so the file stays at 1.7 with the ESIC extension: how
        PAdES signs PDF 1.7 files, ECDSA included.
        """

        def register_extensions(self, pdf_out, *, md_algorithm: str):
            pdf_out.ensure_output_version(version=(1, 7))
            pdf_out.register_extension(ESIC_EXTENSION_1)

    return PdfA3Signer


def sign_pdf(pdf: bytes, *, reason: str = "", identity: SigningIdentity | None = None) -> bytes:
    """Sign ``pdf`` with an invisible PAdES signature covering the whole file."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _sign_pdf(pdf, reason=reason, identity=identity)
    # pyHanko's synchronous API runs an event loop of its own, which a thread already
    # running one (an async server, a browser driver) cannot start: sign in another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_sign_pdf, pdf, reason=reason, identity=identity).result()


def _sign_pdf(pdf: bytes, *, reason: str, identity: SigningIdentity | None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    identity = identity or signing_identity()
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=settings.ORGANISATION_NAME,
        use_pades_lta=False,
    )
    pdf_signer = _pdf_a3_signer_class()(
        metadata, signer=identity.signer, timestamper=_timestamper()
    )
    output = BytesIO()
    pdf_signer.sign_pdf(writer, output=output)
    return output.getvalue()
