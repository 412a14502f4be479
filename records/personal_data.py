"""The signed records about a person, and their PDF files."""

from __future__ import annotations

from kernel.personal_data import Part, PersonalFile, personal_data

from .selectors import records_of


@personal_data(50)
def record_parts(user) -> list[Part]:
    records = list(records_of(user).order_by("created_at", "pk"))
    rows = [
        {
            "reference": record.reference,
            "what": record.title,
            "made": record.completed_at or record.created_at,
            "status": record.get_status_display(),
            "SHA-256 of the file": record.sha256,
            "file": f"records/{record.reference}.pdf" if _has_file(record) else "",
        }
        for record in records
    ]
    files = [
        PersonalFile(f"records/{record.reference}.pdf", record.file)
        for record in records
        if _has_file(record)
    ]
    return [
        Part(
            "records",
            "Your signed records",
            "The signed PDF records about you; each file is in the records folder as it was signed.",
            rows,
            files,
        )
    ]


def _has_file(record) -> bool:
    return record.is_complete and bool(record.file)
