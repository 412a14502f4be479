"""What the audit trail records about policies, declarations and compliance."""

from audit.actions import AuditActions, registered, retired


@registered
class DeclarationAction(AuditActions):
    POLICY_CREATED = "policy.created", "Policy added"
    POLICY_CHANGED = "policy.changed", "Policy details changed"
    VERSION_DRAFTED = "policy_version.drafted", "Policy version drafted"
    VERSION_CHANGED = "policy_version.changed", "Policy version draft changed"
    VERSION_PUBLISHED = "policy_version.published", "Policy version published"
    ORIGINAL_MISMATCH = "policy_version.original_mismatch", "Stored original policy document did not match"
    KIND_CREATED = "declaration_kind.created", "Kind of declaration added"
    KIND_CHANGED = "declaration_kind.changed", "Kind of declaration changed"
    SIGNED = "declaration.signed", "Declaration signed"
    EXTENDED = "declaration.extended", "More time given for a declaration"
    COMPLIANCE_EXPORTED = "compliance.exported", "Compliance exported (CSV)"
    COMPLIANCE_REPORTED = "compliance.reported", "Compliance report requested"


# Written under these names before every action of an app shared its prefix.
retired(
    {
        "declarations.compliance_exported": "Compliance exported (CSV; former name)",
        "declarations.compliance_reported": "Compliance report requested (former name)",
        # Before the device register, people were marked as holding a device.
        "device_holding.marked": "Marked as holding an issued device",
        "device_holding.removed": "No longer holding an issued device",
    }
)
