"""Checking a record file: is the signature valid, is it ours, is it the file we hold?

Used by the verification page and ``manage.py verify_record``. The file comes from
anyone, so nothing in it is decompressed without a limit: pyHanko reads it under
``DECODE_LIMITS``, and the attached ``record.json`` is read only once the signature
has been found sound, and then no further than ``MAX_RECORD_DATA_BYTES``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import zlib
from dataclasses import dataclass, field
from io import BytesIO

from django.core.files.storage import default_storage

from .models import Record
from .pdfs import ATTACHMENT_NAME
from .selectors import record_by_reference, record_by_sha256
from .signing import certificate_fingerprint, signing_identity

logger = logging.getLogger(__name__)

MiB = 1024 * 1024
# A record's attached data is a few kilobytes; nothing genuine comes near this.
MAX_RECORD_DATA_BYTES = MiB


def _decode_limits():
    """How far pyHanko may decompress a file's streams while reading and validating it.

    A record is tens of kilobytes and validation decodes only its small structural
    streams, so a few megabytes per stream and per file leave ample room while a
    crafted file cannot inflate itself in memory.
    """
    from pyhanko.pdf_utils.decode_limits import (
        DecodeLimits,
        DocumentDecodeBudget,
        StreamDecodeLimits,
    )

    return DecodeLimits(
        per_stream=StreamDecodeLimits(max_output_size=4 * MiB),
        document_budget=DocumentDecodeBudget(base_allowance=16 * MiB, max_ratio=1),
    )


class RecordDataTooLarge(ValueError):
    """The data attached to a file would decompress beyond ``MAX_RECORD_DATA_BYTES``."""


VALID = "valid"
NOT_ORGANISATION = "not_organisation"
INVALID = "invalid"


@dataclass
class Verification:
    """What checking one file found. ``verdict`` sums it up."""

    sha256: str
    readable: bool = False
    signed: bool = False
    intact: bool = False
    cryptographically_valid: bool = False
    covers_whole_file: bool = False
    trusted: bool = False
    by_organisation: bool = False
    signer_subject: str = ""
    signer_issuer: str = ""
    signer_name: str = ""
    signer_organisation: str = ""
    issuer_name: str = ""
    signer_fingerprint: str = ""
    signed_at: dt.datetime | None = None
    timestamped: bool = False
    problems: list[str] = field(default_factory=list)
    record: Record | None = None
    claimed_reference: str = ""
    record_data_refused: bool = False

    @property
    def signature_valid(self) -> bool:
        """The signature is sound and covers every byte of the file."""
        return self.signed and self.intact and self.cryptographically_valid and self.covers_whole_file

    @property
    def verdict(self) -> str:
        if not self.signature_valid or self.record_data_refused:
            return INVALID
        return VALID if self.by_organisation else NOT_ORGANISATION

    @property
    def matches_portal(self) -> bool:
        return self.record is not None


def is_pdf(data: bytes) -> bool:
    return data[:5] == b"%PDF-"


def _decompressed(stream, limit: int) -> bytes:
    """The data of an embedded file's stream, stored plain or Flate-compressed.

    Inflates at most ``limit`` bytes and raises ``RecordDataTooLarge`` if there is
    more: a few hundred kilobytes of zeros can otherwise inflate to gigabytes.
    """
    raw = stream.encoded_data
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters or [])
    if not filters:
        data = raw
    elif [str(name) for name in filters] == ["/FlateDecode"] and "/DecodeParms" not in stream:
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, limit + 1)
        if len(data) <= limit and not inflater.eof:
            raise ValueError("The attached data is incomplete.")
    else:
        raise ValueError("The attached data is encoded in a way records never are.")
    if len(data) > limit:
        raise RecordDataTooLarge(f"The attached data is larger than {limit} bytes.")
    return data


def read_record_data(reader, *, limit: int = MAX_RECORD_DATA_BYTES) -> dict | None:
    """The ``record.json`` attached to a record PDF, or None.

    Raises ``RecordDataTooLarge`` rather than decompress more than ``limit`` bytes.
    """
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return None
    for i in range(0, len(names) - 1, 2):
        if str(names[i]) == ATTACHMENT_NAME:
            stream = names[i + 1].get_object()["/EF"]["/F"].get_object()
            return json.loads(_decompressed(stream, limit))
    return None


def _padding_is_clean(embedded) -> bool:
    """Whether nothing but zero padding follows the signature in /Contents.

    The CMS parser ignores trailing bytes, so without this a changed byte in the
    padding would go unnoticed.
    """
    from asn1crypto import parser

    contents = embedded.pkcs7_content
    _class, _method, _tag, header, body, trailer = parser.parse(contents)
    return not contents[len(header) + len(body) + len(trailer) :].strip(b"\x00")


def _is_organisation_certificate(fingerprint: str, identity) -> bool:
    return fingerprint == identity.fingerprint or (
        Record.objects.filter(certificate_fingerprint=fingerprint).exists()
    )


def verify_pdf(data: bytes) -> Verification:
    """Check a file that claims to be one of our signed records.

    The signature is checked first; the record data attached to the file is read
    only when the signature is sound, and never decompressed beyond a limit.
    """
    result = Verification(sha256=hashlib.sha256(data).hexdigest())
    if not is_pdf(data):
        result.problems.append("This is not a PDF file.")
        return result
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(BytesIO(data), strict=False, decode_limits=_decode_limits())
        signatures = reader.embedded_signatures
    except Exception:
        result.problems.append("The file could not be read as a PDF: it is damaged or has been altered.")
        return result
    result.readable = True
    if not signatures:
        result.problems.append("The file carries no digital signature.")
        return result
    result.signed = True
    _check_signature(result, signatures[-1])
    if result.signature_valid:
        _read_claimed_reference(result, reader)
    result.record = record_by_sha256(result.sha256)
    return result


def _read_claimed_reference(result: Verification, reader) -> None:
    """Note the reference the attached record data claims, refusing oversized data."""
    try:
        claimed = read_record_data(reader) or {}
    except RecordDataTooLarge:
        result.record_data_refused = True
        result.problems.append(
            "The record data attached to the file is far larger than any record's, so it was not read."
        )
        return
    except Exception:
        logger.info("A verified file's record data could not be read", exc_info=True)
        return
    if isinstance(claimed, dict):
        result.claimed_reference = str(claimed.get("reference", ""))[:32]


def _check_signature(result: Verification, embedded) -> None:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    identity = signing_identity()
    context = ValidationContext(trust_roots=list(identity.trust_roots), allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception as exc:  # a damaged signature can fail in many ways
        logger.info("Signature could not be validated: %s", exc)
        result.problems.append("The signature could not be checked: the file has been altered or damaged.")
        return
    certificate = status.signing_cert
    result.intact = status.intact and _padding_is_clean(embedded)
    result.cryptographically_valid = status.valid
    result.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    result.trusted = status.trusted
    result.signer_subject = certificate.subject.human_friendly
    result.signer_issuer = certificate.issuer.human_friendly
    subject, issuer = certificate.subject.native, certificate.issuer.native
    result.signer_name = subject.get("common_name") or result.signer_subject
    result.signer_organisation = subject.get("organization_name", "")
    result.issuer_name = issuer.get("common_name") or result.signer_issuer
    result.signer_fingerprint = certificate_fingerprint(certificate)
    if status.timestamp_validity is not None:
        result.timestamped = True
        result.signed_at = status.timestamp_validity.timestamp
    else:
        result.signed_at = status.signer_reported_dt
    if not result.intact:
        result.problems.append("The file has been changed since it was signed.")
    elif not result.cryptographically_valid:
        result.problems.append("The signature does not match the signing certificate.")
    if result.intact and not result.covers_whole_file:
        result.problems.append("The signature does not cover the whole file: something was added after signing.")
    result.by_organisation = result.signature_valid and _is_organisation_certificate(
        result.signer_fingerprint, identity
    )


@dataclass
class ReferenceCheck:
    """What the portal holds under a reference, and whether its stored file is sound."""

    reference: str
    record: Record | None = None
    stored: Verification | None = None

    @property
    def found(self) -> bool:
        return self.record is not None

    @property
    def stored_file_sound(self) -> bool:
        return (
            self.stored is not None
            and self.stored.verdict == VALID
            and self.stored.sha256 == self.record.sha256
        )


def verify_reference(reference: str) -> ReferenceCheck:
    """Look a reference up and check the file the portal holds for it."""
    check = ReferenceCheck(reference=reference.strip().upper())
    check.record = record_by_reference(check.reference)
    if check.record is not None and check.record.is_complete:
        with default_storage.open(check.record.file.name, "rb") as handle:
            check.stored = verify_pdf(handle.read())
    return check
