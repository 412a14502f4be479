"""What the audit trail records about requests, decisions and tasks."""

from audit.actions import AuditActions, registered


@registered
class ApprovalAction(AuditActions):
    DRAFTED = "request.drafted", "Request drafted"
    SUBMITTED = "request.submitted", "Request submitted"
    WITHDRAWN = "request.withdrawn", "Request withdrawn"
    INFORMATION_REQUESTED = "request.information_requested", "More information asked for"
    RESUBMITTED = "request.resubmitted", "Request answered and sent back"
    STEP_OPENED = "request.step_opened", "Request passed to the next step"
    STEP_FALLBACK = "request.step_fallback", "Step passed to the fallback decision maker"
    STEP_ESCALATED = "request.step_escalated", "Overdue step escalated"
    ADVICE_RECORDED = "request.advice_recorded", "Advice recorded"
    STEP_APPROVED = "request.step_approved", "Step approved"
    ACKNOWLEDGED = "request.acknowledged", "Report acknowledged"
    APPROVED = "request.approved", "Request approved"
    REFUSED = "request.refused", "Request refused"
    EXPIRED = "request.expired", "Permission expired"
    COMPLETED = "request.completed", "Request completed"
    INVESTIGATION_MARKED = "request.investigation_marked", "Marked as an internal investigation"
    INVESTIGATION_LIFTED = "request.investigation_lifted", "Internal investigation mark lifted"
    COMMENTED = "request.commented", "Comment added"
    NOTE_ADDED = "request.note_added", "Internal note added"
    ATTACHMENT_ADDED = "request.attachment_added", "Attachment added"
    ATTACHMENT_READ = "request.attachment_read", "Attachment downloaded"
    EXPORTED = "request.exported", "Requests exported (CSV)"
    TASK_CREATED = "task.created", "Task created"
    TASK_DONE = "task.done", "Task done"
    TASK_CANCELLED = "task.cancelled", "Task no longer needed"
    DELEGATION_CREATED = "delegation.created", "Delegate named"
    DELEGATION_CANCELLED = "delegation.cancelled", "Delegation ended early"
