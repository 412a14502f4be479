"""What the staff records hold about a person: the record, roles and how they sign in."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from kernel.personal_data import Part, personal_data

from .models import RoleAssignment, User


@personal_data(10)
def staff_parts(user) -> list[Part]:
    person = User.objects.select_related("team", "line_manager", "mailbox_nominee").get(pk=user.pk)
    record = {
        "name": person.full_name,
        "work email": person.email,
        "job title": person.job_title,
        "team": str(person.team or ""),
        "staff type": person.get_staff_type_display(),
        "line manager": str(person.line_manager or ""),
        "start date": person.start_date,
        "leaving date": person.leaving_date,
        "mailbox continuity nominee": str(person.mailbox_nominee or ""),
        "may sign in": person.is_active,
        "account made": person.date_joined,
        "last signed in": person.last_login,
    }
    roles = [
        {"role": assignment.role.name, "from": assignment.starts_on, "until": assignment.ends_on}
        for assignment in RoleAssignment.objects.filter(user=user).select_related("role")
    ]
    # Which second factors, never their keys or codes.
    factors = [
        {
            "kind": factor.get_type_display(),
            "added": factor.created_at,
            "last used": factor.last_used_at,
        }
        for factor in Authenticator.objects.filter(user=user).order_by("created_at")
    ]
    return [
        Part("staff-record", "Your staff record", "As the administrators keep it.", [record]),
        Part("roles", "Your roles", "The roles you hold or have held, with their dates.", roles),
        Part(
            "second-factors",
            "Your second factors",
            "How you confirm it is you when you sign in; their secrets are not included.",
            factors,
        ),
    ]
