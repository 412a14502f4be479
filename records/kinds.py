"""The kinds of signed record, in one place.

Each kind has the prefix of its reference numbers (``DEC-2026-000123``), the
template its PDF is rendered from, and who besides the subject and auditors may
see its records. A new kind of record is one more entry here and one template.
"""

from __future__ import annotations

from dataclasses import dataclass

from kernel.roles import RoleKey


@dataclass(frozen=True)
class RecordKind:
    key: str
    prefix: str
    label: str
    line_manager_may_see: bool = False
    roles_may_see: tuple[str, ...] = ()
    # How the record's subject is introduced: the person it is about, or, for a
    # report, the person who asked for it.
    subject_label: str = "About"

    @property
    def template_names(self) -> list[str]:
        """The kind's own PDF template, falling back to the general layout."""
        return [f"records/{self.key}_pdf.html", "records/record_pdf.html"]


KINDS: dict[str, RecordKind] = {
    kind.key: kind
    for kind in [
        RecordKind("declaration", "DEC", "Declaration", line_manager_may_see=True),
        # Who else sees a decision is the requests app's to say (records_readers).
        RecordKind("decision", "DCN", "Decision", subject_label="Requested by"),
        RecordKind("leaver", "LVR", "Leaver case", line_manager_may_see=True),
        # Who had signed what on a day; its subject is the person who asked for it.
        RecordKind(
            "compliance_report", "CMP", "Declarations compliance report",
            roles_may_see=(RoleKey.CHIEF_EXECUTIVE, RoleKey.ADMINISTRATOR),
            subject_label="Prepared for",
        ),
        # Proves the machinery in tests and lets an administrator check signing works.
        RecordKind("test", "TST", "Test record"),
    ]
}


def get_kind(key: str) -> RecordKind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"Unknown kind of record: {key!r}") from None
