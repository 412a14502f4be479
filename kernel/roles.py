"""The keys of the roles every organisation starts with.

A role's key is how code names it; its name and description, and who holds it,
are data (``staff.models.Role``). Organisations may add roles of their own, but
the portal's powers are given only to these.
"""

from enum import StrEnum


class RoleKey(StrEnum):
    CHIEF_EXECUTIVE = "chief_executive"
    MONITORING_OFFICER = "monitoring_officer"
    SIRO = "senior_information_risk_owner"
    COMMUNICATIONS = "communications"
    INFORMATION_SECURITY = "information_security"
    IT_SERVICE_DESK = "it_service_desk"
    HR = "hr"
    ADMINISTRATOR = "administrator"
    AUDITOR = "auditor"
