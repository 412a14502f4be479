"""Rendering a record as a PDF/A-3b document with WeasyPrint.

WeasyPrint takes most of a second to import, so it is imported inside the
functions that need it: the web process never loads it.
"""

from __future__ import annotations

import base64
import json
import mimetypes
from functools import lru_cache
from io import BytesIO
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone

from .kinds import get_kind
from .models import Record

ATTACHMENT_NAME = "record.json"


def verification_url(record: Record) -> str:
    """Where anyone holding the record can check it."""
    query = urlencode({"reference": record.reference})
    return f"{settings.SITE_URL}{reverse('records:verify')}?{query}"


def record_data(record: Record) -> dict:
    """What the record says, as data: embedded in the PDF as ``record.json``."""
    subject = record.subject
    return {
        "reference": record.reference,
        "kind": record.kind,
        "title": record.title,
        "organisation": settings.ORGANISATION_NAME,
        "created_at": record.created_at.isoformat(),
        "subject": {
            "id": subject.pk,
            "name": subject.full_name,
            "email": subject.email,
            "job_title": subject.job_title,
        },
        "object": (
            {"type": record.content_type.natural_key()[0] + "." + record.content_type.model,
             "id": record.object_id}
            if record.content_type_id
            else None
        ),
        "evidence": record.evidence,
        "verification_url": verification_url(record),
    }


def record_data_json(record: Record) -> bytes:
    return json.dumps(
        record_data(record), cls=DjangoJSONEncoder, indent=2, sort_keys=True, ensure_ascii=False
    ).encode()


def qr_code_data_uri(text: str) -> str:
    """A QR code for ``text`` as a PNG data URI.

    Black and white pixels, one per tenth of a module, drawn without smoothing;
    much quicker for WeasyPrint to lay out than the SVG of the same code.
    """
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=0)
    code.add_data(text)
    image = code.make_image().get_image().convert("1")
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@lru_cache(maxsize=4)
def _logo_data_uri(logo: str) -> str:
    path = finders.find(logo)
    if not path:
        return ""
    kind = "image/svg+xml" if path.endswith(".svg") else mimetypes.guess_type(path)[0]
    with open(path, "rb") as handle:
        return f"data:{kind};base64," + base64.b64encode(handle.read()).decode()


def record_pdf_context(record: Record) -> dict:
    url = verification_url(record)
    return {
        "record": record,
        "kind": get_kind(record.kind),
        "subject": record.subject,
        "evidence": record.evidence,
        "organisation_name": settings.ORGANISATION_NAME,
        "logo": _logo_data_uri(settings.ORGANISATION_LOGO),
        "verification_url": url,
        "verification_page": f"{settings.SITE_URL}{reverse('records:verify')}",
        "qr_code": qr_code_data_uri(url),
        "rendered_at": timezone.now(),
    }


def render_record_html(record: Record) -> str:
    template = select_template(get_kind(record.kind).template_names)
    return template.render(record_pdf_context(record))


def make_record_pdf(record: Record) -> bytes:
    """The record as an unsigned PDF/A-3b file with its data attached as JSON."""
    from weasyprint import HTML, Attachment
    from weasyprint.urls import URLFetcher

    # Everything the document shows is inline (data: URIs): it never reads a
    # file or the network, whatever the evidence contains.
    fetcher = URLFetcher(allowed_protocols={"data"})

    attachment = Attachment(
        string=record_data_json(record),
        name=ATTACHMENT_NAME,
        description=f"The data of record {record.reference}",
        relationship="Data",
    )
    html = HTML(string=render_record_html(record), url_fetcher=fetcher)
    return html.write_pdf(
        pdf_variant="pdf/a-3b",
        attachments=[attachment],
        finisher=_list_each_attachment_once,
    )


def _list_each_attachment_once(document, pdf) -> None:
    """WeasyPrint 70 lists each attachment twice in the catalog's /AF: keep one."""
    import pydyf

    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
