"""Everything the portal holds about a person, as one ZIP file for them to keep.

The parts come from every app (``kernel.personal_data``); the file holds them as
JSON in ``your-data.json``, with the files some parts carry (the person's signed
records in ``records/``, the files they attached to requests in ``attachments/``)
and a short ``README.txt`` saying what is where. Each download is audited.
"""

from __future__ import annotations

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from audit.services import audit_log
from kernel.personal_data import Part, personal_data_parts

from .audit_actions import PersonalDataAction


def your_data_export(*, user, http_request=None) -> bytes:
    """The ZIP file of what the portal holds about ``user``; the download is audited."""
    parts = personal_data_parts(user)
    made = timezone.localtime()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as folder:
        unreadable = _write_files(folder, parts)
        folder.writestr("README.txt", _readme(user, parts, made, unreadable))
        folder.writestr("your-data.json", _as_json(user, parts, made))
    audit_log(
        action=PersonalDataAction.DOWNLOADED,
        actor=user,
        target=user,
        request=http_request,
        details={"parts": {part.key: len(part.rows) for part in parts}},
    )
    return archive.getvalue()


def _write_files(folder: zipfile.ZipFile, parts: list[Part]) -> list[str]:
    """Write each part's files; the names of those storage could not give back."""
    unreadable = []
    for part in parts:
        for file in part.files:
            try:
                folder.writestr(file.name, file.read())
            except OSError:
                unreadable.append(file.name)
    return unreadable


def _as_json(user, parts: list[Part], made) -> str:
    content = {
        "person": user.email,
        "made": made,
        "parts": [
            {"part": part.key, "title": part.title, "what": part.description, "rows": part.rows}
            for part in parts
        ],
    }
    return json.dumps(content, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _readme(user, parts: list[Part], made, unreadable: list[str]) -> str:
    lines = [
        f"What the staff policy portal holds about {user.full_name or user.email}",
        f"Made {made:%-d %B %Y at %H:%M}.",
        "",
        "your-data.json holds every part below, row by row.",
        "The records folder holds your signed records, each as it was signed",
        "(the verification page of the portal checks any of them), and the",
        "attachments folder the files you attached to requests.",
        "",
    ]
    for part in parts:
        lines.append(f"{part.title}: {len(part.rows)} ({part.description})")
    if unreadable:
        lines += ["", "These files could not be read from storage; the administrators can help:"]
        lines += unreadable
    return "\n".join(lines) + "\n"
