"""A believable demonstration organisation: an office of about forty people.

``demo_seed`` creates whoever is missing and nothing else, so running it again
changes nothing. Later parts of the portal add their own demo data beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kernel.roles import RoleKey

from .authority_presets import DEFAULT_PRESET, PRESETS
from .models import AuthorityRule, Role, StaffType, User
from .roles import DEFAULT_ROLES, ensure_default_roles
from .services import (
    authority_matrix_load,
    role_assign,
    staff_create,
    staff_deactivate,
    staff_update,
    team_get_or_create,
)

DEFAULT_DEMO_PASSWORD = "policy-portal-demo-passphrase"

EXECUTIVE = "Executive"
POLICY = "Policy and Commissioning"
COMMS = "Communications and Engagement"
FINANCE = "Finance and Resources"
INFORMATION = "Information Management"
VICTIMS = "Victims' Services"


@dataclass(frozen=True)
class DemoPerson:
    name: str
    job_title: str
    team: str
    manager: str | None = None
    roles: tuple[str, ...] = ()
    staff_type: str = StaffType.PERMANENT
    nominee: str | None = None  # defaults to the line manager
    started: str = "2019-04-01"
    leaves_in_days: int | None = None  # negative: has already left


# Managers come before the people who report to them.
PEOPLE = [
    DemoPerson("Helen Brackley", "Chief Executive", EXECUTIVE, roles=(RoleKey.CHIEF_EXECUTIVE,), nominee="Priya Raman", started="2016-09-05"),
    DemoPerson("Daniel Okafor", "Monitoring Officer and Head of Governance", EXECUTIVE, "Helen Brackley", (RoleKey.MONITORING_OFFICER,), started="2018-01-08"),
    DemoPerson("Priya Raman", "Executive Assistant to the Chief Executive", EXECUTIVE, "Helen Brackley"),
    DemoPerson("Sophie Carrington", "Business Manager", EXECUTIVE, "Helen Brackley"),
    DemoPerson("Geoffrey Whitlock", "Independent Member, Joint Audit Committee", EXECUTIVE, "Helen Brackley", staff_type=StaffType.BOARD_MEMBER, started="2021-06-01"),
    DemoPerson("Aled Morgan", "Governance Officer", EXECUTIVE, "Daniel Okafor", staff_type=StaffType.TEMPORARY, started="2025-01-13"),
    DemoPerson("Rachel Donnelly", "Head of Policy and Commissioning", POLICY, "Helen Brackley", started="2017-03-20"),
    DemoPerson("Imran Qureshi", "Senior Policy Officer", POLICY, "Rachel Donnelly"),
    DemoPerson("Laura McKenzie", "Policy Officer", POLICY, "Imran Qureshi", started="2022-10-03"),
    DemoPerson("Tom Ashworth", "Commissioning Manager", POLICY, "Rachel Donnelly"),
    DemoPerson("Grace Adeyemi", "Commissioning Officer", POLICY, "Tom Ashworth", started="2023-02-06"),
    DemoPerson("Ben Fairclough", "Research Analyst", POLICY, "Rachel Donnelly", staff_type=StaffType.CONTRACTOR, started="2024-09-02"),
    DemoPerson("Ellie Pritchard", "Policy Placement Student", POLICY, "Imran Qureshi", staff_type=StaffType.WORK_EXPERIENCE, started="2025-06-30"),
    DemoPerson("Nadia Hussain", "Head of Communications and Engagement", COMMS, "Helen Brackley", (RoleKey.COMMUNICATIONS,)),
    DemoPerson("Owen Llewellyn", "Digital Communications Officer", COMMS, "Nadia Hussain", (RoleKey.COMMUNICATIONS,), started="2020-11-16"),
    DemoPerson("Chloe Barnes", "Communications Officer", COMMS, "Nadia Hussain"),
    DemoPerson("Jamal Edwards", "Community Engagement Manager", COMMS, "Nadia Hussain"),
    DemoPerson("Fiona Gallagher", "Engagement Officer", COMMS, "Jamal Edwards", staff_type=StaffType.AGENCY, started="2025-03-03"),
    DemoPerson("Harriet Lowe", "Youth Commission Coordinator", COMMS, "Jamal Edwards", started="2021-09-06", leaves_in_days=21),
    DemoPerson("Peter Nwosu", "Community Events Volunteer", COMMS, "Jamal Edwards", staff_type=StaffType.VOLUNTEER, nominee="Jamal Edwards", started="2023-05-15"),
    DemoPerson("Catherine Holt", "Chief Finance Officer", FINANCE, "Helen Brackley", (RoleKey.SIRO,), started="2017-07-03"),
    DemoPerson("Mark Jennings", "Finance Manager", FINANCE, "Catherine Holt"),
    DemoPerson("Aisha Begum", "Finance Officer", FINANCE, "Mark Jennings"),
    DemoPerson("Beverley Shaw", "Payroll Officer", FINANCE, "Mark Jennings", started="2015-02-02", leaves_in_days=-40),
    DemoPerson("Stuart Renshaw", "Estates and Contracts Manager", FINANCE, "Catherine Holt"),
    DemoPerson("Kieran Doyle", "Procurement Officer", FINANCE, "Stuart Renshaw", staff_type=StaffType.TEMPORARY, started="2025-04-22"),
    DemoPerson("Joanne Whittaker", "HR and Systems Administrator", FINANCE, "Catherine Holt", (RoleKey.ADMINISTRATOR, RoleKey.HR), started="2018-05-14"),
    DemoPerson("Simon Clarke", "Head of Information Management", INFORMATION, "Helen Brackley", (RoleKey.INFORMATION_SECURITY,)),
    DemoPerson("Hannah Wright", "Information Security Officer", INFORMATION, "Simon Clarke", (RoleKey.INFORMATION_SECURITY,), started="2020-02-10"),
    DemoPerson("Ravi Patel", "IT Service Desk Analyst", INFORMATION, "Simon Clarke", (RoleKey.IT_SERVICE_DESK,)),
    DemoPerson("Lucy Fenwick", "IT Support Technician", INFORMATION, "Ravi Patel", (RoleKey.IT_SERVICE_DESK,), staff_type=StaffType.CONTRACTOR, started="2024-11-04"),
    DemoPerson("Martin Boyle", "Data Protection Officer", INFORMATION, "Simon Clarke"),
    DemoPerson("Zoe Harrington", "Information Assurance Lead", INFORMATION, "Simon Clarke", (RoleKey.AUDITOR,), started="2019-10-07"),
    DemoPerson("Callum Reid", "Records Officer", INFORMATION, "Martin Boyle", started="2022-01-10"),
    DemoPerson("Janet Osei", "Head of Victims' Services", VICTIMS, "Helen Brackley"),
    DemoPerson("David Kowalski", "Victims' Services Manager", VICTIMS, "Janet Osei"),
    DemoPerson("Megan Lloyd", "Victim Support Caseworker", VICTIMS, "David Kowalski", started="2021-04-12"),
    DemoPerson("Samuel Thornton", "Restorative Justice Coordinator", VICTIMS, "David Kowalski"),
    DemoPerson("Anita Sharma", "Independent Sexual Violence Adviser", VICTIMS, "David Kowalski", staff_type=StaffType.AGENCY, started="2024-07-01"),
    DemoPerson("Rhys Evans", "Volunteer Coordinator", VICTIMS, "Janet Osei", nominee="Megan Lloyd"),
    DemoPerson("Connor Walsh", "Victims' Services Volunteer", VICTIMS, "Rhys Evans", staff_type=StaffType.VOLUNTEER, started="2024-03-18"),
]  # fmt: skip

# People to sign in as, to see the portal from each side.
SIGN_IN_AS = [
    ("Member of staff (no role)", "Laura McKenzie"),
    ("Line manager", "Jamal Edwards"),
    *[(name, next(p.name for p in PEOPLE if key in p.roles)) for key, name, _ in DEFAULT_ROLES],
]


def demo_email(name: str) -> str:
    local = name.lower().replace("'", "").replace(" ", ".")
    return f"{local}@{settings.ORGANISATION_EMAIL_DOMAIN}"


@dataclass
class SeedReport:
    created: int
    existing: int
    matrix_loaded: bool
    sign_in: list[tuple[str, str, str]]  # (who, name, email)


@transaction.atomic
def demo_seed(*, password: str, today: dt.date | None = None) -> SeedReport:
    """Create the demonstration organisation's missing people; never change existing ones."""
    today = today or timezone.localdate()
    ensure_default_roles()
    roles = {role.key: role for role in Role.objects.all()}
    people: dict[str, User] = {}
    created = []
    for entry in PEOPLE:
        email = demo_email(entry.name)
        person = User.objects.filter(email=email).first()
        if person is None:
            person = _create(entry, people, roles, password, today)
            created.append(entry)
        people[entry.name] = person
    for entry in created:
        nominee = entry.nominee or entry.manager
        if nominee:
            staff_update(user=people[entry.name], actor=None, mailbox_nominee=people[nominee])
        if entry.leaves_in_days is not None and entry.leaves_in_days < 0:
            staff_deactivate(user=people[entry.name], actor=None, reason="Left the organisation")
    matrix_loaded = not AuthorityRule.objects.exists()
    if matrix_loaded:
        authority_matrix_load(preset=PRESETS[DEFAULT_PRESET], actor=None, name=DEFAULT_PRESET)
    sign_in = [(who, name, people[name].email) for who, name in SIGN_IN_AS]
    return SeedReport(len(created), len(PEOPLE) - len(created), matrix_loaded, sign_in)


def _create(entry: DemoPerson, people, roles, password: str, today: dt.date) -> User:
    leaving = today + dt.timedelta(days=entry.leaves_in_days) if entry.leaves_in_days else None
    person = staff_create(
        actor=None,
        email=demo_email(entry.name),
        full_name=entry.name,
        job_title=entry.job_title,
        team=team_get_or_create(name=entry.team, actor=None),
        staff_type=entry.staff_type,
        line_manager=people.get(entry.manager),
        start_date=dt.date.fromisoformat(entry.started),
        leaving_date=leaving,
    )
    person.set_password(password)
    person.save(update_fields=["password"])
    for key in entry.roles:
        role_assign(user=person, role=roles[key], actor=None, starts_on=today)
    return person
