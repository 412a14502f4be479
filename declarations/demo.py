"""Declarations for the demonstration organisation: policies, kinds and a believable history.

Three policies written for the demo (the rules of real policing-body policies,
in our own words), the four kinds of declaration staff make, a dozen people
holding issued devices, and two years of signatures: most on time, some late,
some due in the next fortnight and some overdue, so the compliance dashboard,
reminders and "My tasks" have something to show.

``declarations_demo_seed`` creates what is missing and nothing else: the history
is written once, the first time (when none of the demo kinds has any
requirement yet), so running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from devices.models import Device, DeviceKind
from devices.services import devices_import
from kernel.roles import RoleKey
from staff.demo import demo_email
from staff.models import Role, StaffType, User

from .models import (
    Cycle,
    Declaration,
    DeclarationKind,
    Policy,
    PolicyVersion,
    Requirement,
)
from .requirements import requirements_refresh
from .services import (
    kind_create,
    policy_text_sha256,
    requirement_extend,
    shown_text_sha256,
)

LONDON = ZoneInfo(settings.TIME_ZONE)

IT_POLICY = "Use of IT, communications and social media"
SOP_POLICY = "Security operating procedures for mobile and remote working"
CONFIDENTIALITY_POLICY = "Confidentiality"

IT_POLICY_TEXT = """\
## 1. Who this policy is for

1. This policy applies to everyone who works for or with the office: permanent and temporary staff, agency workers, contractors and consultants, volunteers, people on work experience and board members. It also applies to anyone else we allow onto our systems.
2. Each year you confirm that you have read this policy and will follow it. You will be reminded when your declaration is due.
3. The policy covers the office's telephones, email, internet access, social media and the devices we issue, wherever and whenever you use them.

## 2. Using our systems

4. Our phones, email and internet access are there for the office's work. Occasional personal use is allowed if it is brief, happens outside working time and follows the rest of this policy.
5. Many of us hold politically restricted posts. Nothing you send, post or publish through our systems may take a party-political position.
6. Behave online as you would in any other professional setting. Some of what you can reach is highly sensitive: treat it that way.
7. Never use our systems for anything unlawful, for private business, gambling, or material that is offensive, discriminatory, harassing or obscene.

## 3. Email

8. Write work email in the office's usual style and tone, as you would a letter.
9. Do not send personal or sensitive information to an address that is not secure enough for it. Check the recipients before you press send, and send personal data only to people who need it.
10. Do not open an attachment or follow a link when you are unsure where it came from.
11. Make sure at least one colleague can reach your work mailbox, so that work carries on when you are away. The portal records who that person is.
12. Never forward work email automatically to a personal account.

## 4. Internet and software

13. Use only computers the office has provided or approved. Install only approved software, and download software only with permission.
14. If you reach unsuitable material by accident, close it and tell your line manager straight away. A genuine accident will not be held against you.
15. If you think a file or message carries a virus, disconnect, stop using the device and tell the IT service desk at once.

## 5. Social media

16. These rules apply whether you post in a personal or an official capacity, at work or at home, on our equipment or your own.
17. Only speak for the office on social media with approval. Official accounts are opened only after written approval, and their sign-in details are registered with the office so they can be protected and recovered.
18. Tell the office when the password, name or owner of an official account changes. An official account is handed over or closed when its owner leaves: it never becomes a personal account.
19. Do not disclose confidential or personal information, criticise colleagues or partners, or comment on sensitive matters we are dealing with. During elections, do not post anything that could be read as a political view.
20. If you see content that reflects badly on the office, tell the communications team.

## 6. Mobile devices

21. If the office issues you a phone or tablet, keep it locked when you are not using it and keep its PIN or password to yourself, even from colleagues and support staff.
22. Do not share a personally issued device. Use it only for information marked OFFICIAL or below.
23. Before taking a device outside the United Kingdom, get written permission and consult Information Security at least seven days before you travel.
24. Report a lost or stolen device to the IT service desk immediately, at any hour. Anything it could reach, including official social media accounts, will be secured.
25. Holders of issued devices make a separate mobile-device declaration each year.

## 7. Monitoring

26. The office may monitor the use of its phones, email, internet and social media, and may read work email when you are away or after you leave, to keep its business going and to check this policy is followed.

## 8. If the policy is broken

27. Breaking this policy may lead to disciplinary action; serious misuse may be gross misconduct.
"""

SOP_TEXT = """\
## 1. Scope

1. These procedures apply to anyone given a laptop, phone, tablet, smartcard or token by the office, and to anyone authorised to work away from the office on our systems.
2. You confirm them before a device is issued to you or before you start working remotely, and again whenever a new version is published.

## 2. Before you start

3. Remote working must be authorised in advance and done only on equipment the office provides.
4. You will be briefed on the risks of working away from the office and on how to protect the information you carry.

## 3. Looking after the device

5. Keep the device with you or locked away. Never leave it unattended in a public place or in a vehicle.
6. Keep a smartcard or access token apart from the device it unlocks.
7. Use a strong password that you do not use anywhere else, never write it down next to the device, and change it straight away if you think someone else knows it.
8. Do not change or get round the security settings the office has applied.
9. Connect the device to the office network at least once a week so it receives updates and its data is backed up.

## 4. Working in public

10. Make sure nobody can read your screen or overhear your calls. Do not work on sensitive material in public places.
11. Handle information only up to the level the device is approved for, which is OFFICIAL.

## 5. Travelling abroad

12. A device may leave the United Kingdom only with written permission, and only for work. Ask Information Security for advice at least seven days before you travel: some countries restrict encrypted equipment.

## 6. Loss, theft or tampering

13. Report a lost or stolen device, or one that behaves oddly or looks tampered with, to the IT service desk immediately.

## 7. Returning equipment

14. Give back every device and token when you leave, or when you no longer need it, so that your line manager can close your leaver checklist.
"""

CONFIDENTIALITY_TEXT = """\
## 1. What counts as confidential

1. Confidential information is anything you learn through your work that is not public: about victims, witnesses, suspects, members of the public, colleagues, partners or the office's own business.

## 2. How you may use it

2. Look at information only when your work needs it. Never search our systems or partners' systems for yourself, your family, friends or neighbours, or out of curiosity.
3. Share information only with people entitled to it, and only as much as they need.
4. Disclosing personal data without a lawful reason can be a criminal offence, as well as a disciplinary matter.

## 3. Keeping it safe

5. Keep papers locked away, lock your screen when you leave your desk and use only approved systems to store and send information.
6. Do not discuss confidential matters where you can be overheard, including on social media and in private messaging groups.

## 4. Mistakes and concerns

7. If information goes to the wrong person or is lost, tell your line manager and the Data Protection Officer at once: a quick report limits the harm.

## 5. When you leave

8. Your duty of confidentiality continues after you leave the office.
"""


@dataclass(frozen=True)
class DemoPolicy:
    title: str
    owner_role: str
    text: str
    number: str
    summary: str
    published_days_ago: int


POLICIES = [
    DemoPolicy(IT_POLICY, RoleKey.CHIEF_EXECUTIVE, IT_POLICY_TEXT, "5.0",
               "Rewritten in plain English; adds registering official social media accounts and "
               "the seven-day notice before taking a device abroad.", 700),
    DemoPolicy(SOP_POLICY, RoleKey.SIRO, SOP_TEXT, "2.0",
               "Covers remote working as well as issued devices; weekly connection to the network.", 420),
    DemoPolicy(CONFIDENTIALITY_POLICY, RoleKey.MONITORING_OFFICER, CONFIDENTIALITY_TEXT, "1.3",
               "Adds private messaging groups to the places where confidential matters are not discussed.", 800),
]  # fmt: skip


@dataclass(frozen=True)
class DemoKind:
    key: str
    name: str
    description: str
    policy: str
    cycle: str
    statements: list[str]
    questions: list[dict] = field(default_factory=list)
    fixed_month: int | None = None
    fixed_day: int | None = None
    audience_everyone: bool = True
    audience_staff_types: tuple[str, ...] = ()
    device_kinds_held: tuple[str, ...] = ()
    device_kinds_before_issue: tuple[str, ...] = ()


ANNUAL = "annual-policy-declaration"
DEVICE = "mobile-device-declaration"
SOP = "security-operating-procedures"
CONFIDENTIALITY = "confidentiality-declaration"

KINDS = [
    DemoKind(
        ANNUAL, "Annual policy declaration",
        "Everyone confirms each year, by 1 April, that they have read the IT, communications and "
        "social media policy and will follow it.",
        IT_POLICY, Cycle.FIXED_DATE, fixed_month=4, fixed_day=1,
        statements=[
            "I have read the Use of IT, communications and social media policy in full.",
            "I will use the office's phones, email, internet and social media only as the policy allows.",
            "I understand that my use of these systems may be monitored, and that breaking the policy may lead to disciplinary action.",
            "A named colleague can reach my work mailbox when I am away.",
        ],
        questions=[
            {
                "question": "A web page you open at work turns out to show clearly unsuitable material. What do you do?",
                "explanation": "Close it and tell your line manager straight away, so what happened is on record. A genuine accident is not held against you.",
                "choices": [
                    ("Close it and tell my line manager straight away", True),
                    ("Close it and say nothing: it was an accident", False),
                    ("Report it to the IT service desk as a virus", False),
                ],
            },
            {
                "question": "You want to open a new social media account for your team's work. What must happen first?",
                "explanation": "Official accounts are opened only after written approval, and their sign-in details are registered with the office so the account can be recovered.",
                "choices": [
                    ("Written approval, and its sign-in details registered with the office", True),
                    ("Nothing, as long as it uses the office's logo", False),
                    ("Open it with a personal email address and tell the communications team later", False),
                ],
            },
        ],
    ),
    DemoKind(
        DEVICE, "Mobile-device declaration",
        "Each year, everyone who holds a phone or tablet issued by the office confirms how they look after it.",
        IT_POLICY, Cycle.ANNUAL_FROM_LAST, audience_everyone=False,
        device_kinds_held=(DeviceKind.PHONE, DeviceKind.TABLET),
        statements=[
            "I keep my issued device locked when I am not using it and keep its PIN or password to myself.",
            "I do not share my issued device with anyone, and use it only for information marked OFFICIAL or below.",
            "I will report a lost or stolen device to the IT service desk immediately, at any hour.",
            "I will ask for written permission, and consult Information Security at least seven days ahead, before taking the device abroad.",
        ],
        questions=[
            {
                "question": "Your work phone is stolen on the way home on a Saturday evening. What do you do?",
                "explanation": "Report it to the IT service desk at once, whatever the hour: the sooner the device is locked, the less can be taken from it.",
                "choices": [
                    ("Report it to the IT service desk straight away", True),
                    ("Tell my line manager on Monday morning", False),
                    ("Change my email password and wait to see if it turns up", False),
                ],
            },
        ],
    ),
    DemoKind(
        SOP, "Security operating procedures for mobile and remote working",
        "Signed before a device is issued or remote working starts, and again for each new version of the procedures.",
        SOP_POLICY, Cycle.PER_VERSION, audience_everyone=False,
        audience_staff_types=(StaffType.PERMANENT, StaffType.TEMPORARY, StaffType.AGENCY, StaffType.CONTRACTOR),
        device_kinds_before_issue=(DeviceKind.PHONE, DeviceKind.TABLET),
        statements=[
            "I have read the security operating procedures for mobile and remote working.",
            "I will keep issued equipment with me or locked away, and keep any smartcard or token apart from it.",
            "I will not work on sensitive material where I can be overlooked or overheard.",
            "I will return every device and token when I leave or no longer need it.",
        ],
        questions=[
            {
                "question": "Where should you keep your smartcard while travelling with your laptop?",
                "explanation": "Keep it apart from the laptop: a thief who takes both has everything needed to get in.",
                "choices": [
                    ("Separately from the laptop", True),
                    ("In the laptop bag, so they are not separated", False),
                    ("Left in the laptop's card reader", False),
                ],
            },
        ],
    ),
    DemoKind(
        CONFIDENTIALITY, "Confidentiality declaration",
        "Each year, everyone confirms that they keep what they learn at work confidential.",
        CONFIDENTIALITY_POLICY, Cycle.ANNUAL_FROM_LAST,
        statements=[
            "I look at information only when my work needs it, and never search our systems for myself, people I know or out of curiosity.",
            "I share confidential information only with people entitled to it.",
            "I understand that my duty of confidentiality continues after I leave.",
        ],
    ),
]  # fmt: skip

# People issued a phone, and since when (asset tags OPCC-MOB-01 onwards, in this order).
DEVICE_HOLDERS = {
    "Helen Brackley": "2022-05-03", "Daniel Okafor": "2022-05-03", "Catherine Holt": "2022-05-03",
    "Nadia Hussain": "2022-06-13", "Owen Llewellyn": "2022-06-13", "Jamal Edwards": "2023-01-09",
    "Simon Clarke": "2022-05-03", "Hannah Wright": "2022-05-03", "Ravi Patel": "2022-05-03",
    "David Kowalski": "2023-09-04", "Megan Lloyd": "2023-09-04", "Harriet Lowe": "2024-02-05",
    "Fiona Gallagher": "2025-03-17",
}  # fmt: skip

# The spread. Annual policy declaration: who signed the latest cycle late, and who has not signed it.
ANNUAL_LATE = {"Chloe Barnes": 12, "Samuel Thornton": 25, "Lucy Fenwick": 6, "Mark Jennings": 3}
ANNUAL_NOT_SIGNED = ["Ben Fairclough", "Fiona Gallagher", "Peter Nwosu", "Connor Walsh", "Kieran Doyle"]
ANNUAL_LATE_BEFORE = {"Ben Fairclough": 30, "Chloe Barnes": 9, "Aisha Begum": 17}
# Annual-from-last kinds: days until the person's next declaration is due (negative: overdue).
CONFIDENTIALITY_DUE_IN = {
    "Priya Raman": 3, "Grace Adeyemi": 6, "Harriet Lowe": 9, "Mark Jennings": 12, "Anita Sharma": 13,
    "Tom Ashworth": -8, "Fiona Gallagher": -19, "Callum Reid": -23, "Rhys Evans": -41,
}  # fmt: skip
DEVICE_DUE_IN = {"Owen Llewellyn": 5, "Megan Lloyd": -12, "Jamal Edwards": -30, "Harriet Lowe": 11}
# Security operating procedures not yet signed.
SOP_NOT_SIGNED = ["Kieran Doyle", "Anita Sharma"]
# One person given more time, by the administrator.
EXTENSION = ("Callum Reid", CONFIDENTIALITY, 10, "On a training course abroad until the end of next week.")

USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@dataclass
class DeclarationsSeedReport:
    policies: int = 0
    kinds: int = 0
    device_holders: int = 0
    requirements: int = 0
    declarations: int = 0

    @property
    def created_anything(self) -> bool:
        return any((self.policies, self.kinds, self.device_holders, self.requirements))


@transaction.atomic
def declarations_demo_seed(*, today: dt.date | None = None) -> DeclarationsSeedReport:
    """Add the demo policies, kinds, device holders and signing history that are missing."""
    today = today or timezone.localdate()
    report = DeclarationsSeedReport()
    people = {u.full_name: u for u in User.objects.filter(email__endswith=f"@{settings.ORGANISATION_EMAIL_DOMAIN}")}
    people = {name: person for name, person in people.items() if person.email == demo_email(name)}
    if not people:
        return report
    versions = {entry.title: _policy(entry, today, report) for entry in POLICIES}
    kinds = {entry.key: _kind(entry, report) for entry in KINDS}
    report.device_holders = _issue_demo_phones(people)
    if not Requirement.objects.filter(kind__in=kinds.values()).exists():
        _History(people, kinds, versions, today, report).write()
        requirements_refresh(today=today)
    return report


@dataclass
class _DeviceRow:
    line: int
    values: dict


def _issue_demo_phones(people: dict[str, User]) -> int:
    """Record the demo phones not yet on the register, as an import of what is already true."""
    rows = [
        _DeviceRow(line, {
            "asset_tag": f"OPCC-MOB-{line:02d}", "kind": DeviceKind.PHONE, "model": "iPhone 13",
            "serial": f"35391811{line:07d}", "status": Device.Status.ISSUED, "holder": people[name],
            "issued_on": dt.date.fromisoformat(since),
        })
        for line, (name, since) in enumerate(DEVICE_HOLDERS.items(), start=1)
        if name in people
    ]  # fmt: skip
    known = {tag.lower() for tag in Device.objects.values_list("asset_tag", flat=True)}
    rows = [row for row in rows if row.values["asset_tag"].lower() not in known]
    return devices_import(rows=rows, actor=None) if rows else 0


def _policy(entry: DemoPolicy, today: dt.date, report: DeclarationsSeedReport) -> PolicyVersion:
    policy = Policy.objects.filter(title=entry.title).first()
    if policy is None:
        slug = entry.title.lower().replace(",", "").replace(" ", "-")[:80]
        policy = Policy.objects.create(
            title=entry.title, slug=slug, owner_role=Role.objects.filter(key=entry.owner_role).first(),
            review_date=today + dt.timedelta(days=240),
        )
        report.policies += 1
    version = policy.current_version()
    if version is None:
        published = _moment(today - dt.timedelta(days=entry.published_days_ago), dt.time(9, 30))
        version = PolicyVersion.objects.create(
            policy=policy, number=entry.number, effective_date=published.date(),
            summary_of_changes=entry.summary, body_markdown=entry.text,
            status=PolicyVersion.Status.PUBLISHED, body_sha256=policy_text_sha256(entry.text),
            published_at=published,
        )  # fmt: skip
    return version


def _kind(entry: DemoKind, report: DeclarationsSeedReport) -> DeclarationKind:
    kind = DeclarationKind.objects.filter(key=entry.key).first()
    if kind is None:
        kind = kind_create(
            actor=None, key=entry.key, name=entry.name, description=entry.description,
            policy=Policy.objects.get(title=entry.policy), cycle=entry.cycle,
            fixed_month=entry.fixed_month, fixed_day=entry.fixed_day,
            audience_everyone=entry.audience_everyone,
            audience_staff_types=list(entry.audience_staff_types),
            device_kinds_held=list(entry.device_kinds_held),
            device_kinds_before_issue=list(entry.device_kinds_before_issue),
            order=KINDS.index(entry), statements=entry.statements, questions=entry.questions,
        )  # fmt: skip
        report.kinds += 1
    return kind


def _moment(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=LONDON)


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class _History:
    """Two years of requirements and signatures, following the rules of the requirements module."""

    def __init__(self, people, kinds, versions, today, report):
        self.people, self.kinds, self.today, self.report = people, kinds, today, report
        self.versions = {entry.key: versions[entry.policy] for entry in KINDS}
        self.statements = {key: list(kind.statements.values_list("text", flat=True)) for key, kind in kinds.items()}
        self.current = [p for p in people.values() if p.is_active and not p.has_left(today)]
        self.leavers = [p for p in people.values() if p not in self.current]

    def write(self) -> None:
        everyone = self.current + self.leavers
        self._annual(everyone)
        self._annual_from_last(CONFIDENTIALITY, everyone, CONFIDENTIALITY_DUE_IN, default_due_in=150)
        holders = [p for p in everyone if p.full_name in DEVICE_HOLDERS]
        self._annual_from_last(DEVICE, holders, DEVICE_DUE_IN, default_due_in=200)
        self._security_procedures(everyone)
        self._extend(*EXTENSION)

    # Each person's dates differ a little, as real signing does.
    def _spread(self, person: User, days: int) -> int:
        return (person.pk * 7) % days

    def _annual(self, everyone) -> None:
        """Fixed date, 1 April: the last two cycles whose date has passed."""
        latest = self.today.year if (self.today.month, self.today.day) >= (4, 1) else self.today.year - 1
        for person in everyone:
            for year in (latest - 1, latest):
                due = dt.date(year, 4, 1)
                start = person.start_date or dt.date(2015, 1, 1)
                if start > due:
                    continue
                if start > dt.date(year - 1, 4, 1):  # joined during this cycle: due within 14 days
                    due = start + dt.timedelta(days=14)
                late = (ANNUAL_LATE if year == latest else ANNUAL_LATE_BEFORE).get(person.full_name)
                if year == latest and person.full_name in ANNUAL_NOT_SIGNED:
                    signed = None
                elif late:
                    signed = due + dt.timedelta(days=late)
                else:
                    signed = max(due - dt.timedelta(days=2 + self._spread(person, 25)), start)
                if signed and person.leaving_date and signed > person.leaving_date:
                    signed = None
                self._requirement(person, ANNUAL, str(year), due, signed)

    def _annual_from_last(self, key, people, due_in: dict, *, default_due_in: int) -> None:
        """A first declaration, then one a year after each signature; the next one now due."""
        for person in people:
            offset = due_in.get(person.full_name, default_due_in + self._spread(person, 120))
            next_due = self.today + dt.timedelta(days=offset)
            last = next_due - dt.timedelta(days=365)
            start = person.start_date or dt.date(2015, 1, 1)
            if person.leaving_date and person.leaving_date < self.today:
                last = min(last, person.leaving_date - dt.timedelta(days=30))
            before = last - dt.timedelta(days=365 - self._spread(person, 20))
            if before >= start + dt.timedelta(days=14):
                self._requirement(person, key, "first", before + dt.timedelta(days=10), before)
                self._requirement(person, key, f"from:{before.isoformat()}", _a_year_after(before), last)
            else:  # joined less than two years ago: one declaration so far
                last = max(last, start)
                self._requirement(person, key, "first", last + dt.timedelta(days=14), last)
            if person in self.current:
                self._requirement(person, key, f"from:{last.isoformat()}", _a_year_after(last), None)

    def _security_procedures(self, everyone) -> None:
        """Once per version, within 28 days of its publication (or of joining)."""
        version = self.versions[SOP]
        published = timezone.localdate(version.published_at)
        audience = set(next(entry for entry in KINDS if entry.key == SOP).audience_staff_types)
        for person in everyone:
            if person.staff_type not in audience:
                continue
            start = person.start_date or published
            due = max(published + dt.timedelta(days=version.grace_days), start + dt.timedelta(days=14))
            signed = None
            if person.full_name not in SOP_NOT_SIGNED:
                signed = max(due - dt.timedelta(days=3 + self._spread(person, 20)), start, published)
            if signed is None and person not in self.current:
                continue
            self._requirement(person, SOP, f"v{version.pk}", due, signed)

    def _requirement(self, person, key, cycle_key, due, signed) -> Requirement:
        kind, version = self.kinds[key], self.versions[key]
        if signed is not None and signed > self.today:
            signed = self.today
        requirement = Requirement.objects.create(
            user=person, kind=kind, cycle_key=cycle_key, version=version, due_date=due,
            status=Requirement.Status.SIGNED if signed else Requirement.Status.DUE,
            closed_at=_moment(signed, dt.time(10)) if signed else None,
        )  # fmt: skip
        self.report.requirements += 1
        if signed:
            self._declaration(requirement, person, signed)
        return requirement

    def _declaration(self, requirement, person, signed: dt.date) -> Declaration:
        kind, version = requirement.kind, requirement.version
        statements = self.statements[kind.key]
        moment = _moment(signed, dt.time(9 + person.pk % 8, (person.pk * 13) % 60))
        methods = [{"method": "password", "at": moment.astimezone(dt.UTC).isoformat(), "reauthenticated": False}]
        if person.current_role_keys():
            methods.append({"method": "mfa:totp", "at": moment.astimezone(dt.UTC).isoformat(), "reauthenticated": False})
        self.report.declarations += 1
        return Declaration.objects.create(
            requirement=requirement, user=person, kind=kind, version=version, statements=statements,
            text_sha256=shown_text_sha256(kind=kind, version=version, statements=statements),
            typed_name=person.full_name, signed_at=moment, ip_address=f"10.20.{person.pk % 200}.{20 + person.pk % 100}",
            user_agent=USER_AGENT, authentication=methods,
        )  # fmt: skip

    def _extend(self, name, key, days, reason) -> None:
        administrator = self.people.get("Joanne Whittaker")
        requirement = Requirement.objects.filter(
            user=self.people.get(name), kind=self.kinds[key], status=Requirement.Status.DUE
        ).first()
        if requirement is not None:
            until = self.today + dt.timedelta(days=days)
            requirement_extend(requirement=requirement, actor=administrator, until=until, reason=reason)
