"""The declarations a person signed, with their evidence, and those they owe or owed."""

from __future__ import annotations

from kernel.personal_data import Part, personal_data

from .models import Declaration, Requirement


@personal_data(30)
def declaration_parts(user) -> list[Part]:
    signed = Declaration.objects.filter(user=user).select_related("kind", "version", "record")
    declarations = [
        {
            "declaration": declaration.kind.name,
            "policy version": declaration.version.number,
            "signed": declaration.signed_at,
            "name typed": declaration.typed_name,
            "statements confirmed": declaration.statements,
            "SHA-256 of what was shown": declaration.text_sha256,
            "from address": declaration.ip_address,
            "browser": declaration.user_agent,
            "how you confirmed it was you": declaration.authentication,
            "record": declaration.record.reference if declaration.record_id else "",
        }
        for declaration in signed.order_by("signed_at")
    ]
    owed = Requirement.objects.filter(user=user).select_related("kind").order_by("created_at")
    requirements = [
        {
            "declaration": requirement.kind.name,
            "due": requirement.due_date,
            "extended to": requirement.extended_to,
            "why it was extended": requirement.extension_reason,
            "status": requirement.get_status_display(),
        }
        for requirement in owed
    ]
    return [
        Part(
            "declarations",
            "Your declarations",
            "Each declaration you signed, with the evidence kept of it.",
            declarations,
        ),
        Part(
            "declarations-due",
            "Declarations asked of you",
            "Each time a declaration was due from you, and what became of it.",
            requirements,
        ),
    ]
