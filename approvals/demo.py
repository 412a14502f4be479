"""Requests for the demonstration organisation: every type, in every state it can reach.

Each demo request is made the way staff make one: the type's own form checks the
answers, and the engine's services send, decide, refuse, withdraw, expire and
complete it, so the steps, tasks, notifications, audit events and signed records
are the real ones. Decisions are taken by whoever the authority matrix gives the
step to. The demo's role holders have not set up an authenticator app yet (they
do at their first sign-in), so for the seeding only they are treated as having
one: the services would otherwise refuse a role holder without it.

``requests_demo_seed`` runs once: if any request exists it changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from staff.demo import COMMS, demo_email
from staff.models import Team, User
from staff.selectors import role_holders

from . import services
from .models import Request, Step
from .types import all_types, answers_of, get_type

DOMAIN = settings.ORGANISATION_EMAIL_DOMAIN

# Who asks for what. Every name is a demo person (staff/demo.py).
REQUESTERS = [
    "Laura McKenzie", "Grace Adeyemi", "Chloe Barnes", "Megan Lloyd", "Aisha Begum",
    "Callum Reid", "Imran Qureshi", "Tom Ashworth", "Samuel Thornton", "Mark Jennings",
    "Fiona Gallagher",
]  # fmt: skip


def _form_data(key: str, today: dt.date, n: int) -> dict:
    """Answers a member of staff might give, as the type's form receives them."""
    soon = today + dt.timedelta(days=14 + n)
    later = soon + dt.timedelta(days=10)
    iso = dt.date.isoformat
    recent = iso(today - dt.timedelta(days=2 + n % 5))
    samples = {
        "mailbox_access": {
            "holder": demo_email(["Tom Ashworth", "Megan Lloyd", "Aisha Begum"][n % 3]),
            "access": ["auto_forward", "forwarding", "delegate_access", "out_of_office"][n % 4],
            "given_to": demo_email("Imran Qureshi"),
            "reason": "Urgent correspondence with commissioned services must be answered while they are on leave.",
            "justification": "Replies must come from the holder's own address to keep the thread with partners.",
            "starts_on": iso(soon),
            "ends_on": iso(later),
        },
        "device_abroad": {
            "held_device": "another",
            "device": "Work phone, asset tag OPCC-0" + str(1200 + n),
            "countries": ["Spain", "France and Belgium", "Ireland", "Portugal"][n % 4],
            "departs_on": iso(soon),
            "returns_on": iso(later),
            "purpose": "On call for the victims' services contract while at a conference.",
        },
        "social_account": {
            "owner_kind": ["team", "organisation", "organisation", "individual"][n % 4],
            "platform": ["twitter", "instagram", "linkedin", "wordpress"][n % 4],
            "name": ["@OPCCYouthVoice", "@OPCCVictimsHub", "OPCC Commissioning", "opcc-blog"][n % 4],
            "purpose": "Tell young people about the Youth Commission and invite them to events.",
            "audience": "Young people aged 14 to 25 across the area, and youth workers.",
            "moderator": demo_email("Owen Llewellyn"),
            "team": Team.objects.get(name=COMMS).pk,
            "email": f"youth.commission@{DOMAIN}",
            "guidance_read": "on",
        },
        "office_name_use": {
            "uses": ["crest", "photographs"],
            "where": "Printed leaflets for the community safety roadshow.",
            "content": "The office crest on the cover and two photographs from last year's event.",
            "needed_on": iso(soon),
        },
        "remote_working": {
            "location": "Home, Solihull",
            "equipment": "Issued laptop OPCC-L-0" + str(400 + n),
            "corporate_equipment": "on",
            "starts_on": iso(soon),
            "reason": "Two days a week at home to write the police and crime plan.",
        },
        "software_permission": {
            "software": ["Zotero", "Power BI Desktop", "Audacity", "Inkscape"][n % 4],
            "source": "The publisher's own website",
            "reason": "Needed to prepare the quarterly performance report.",
            "device": "Issued laptop OPCC-L-0" + str(500 + n),
        },
        "email_delete": {
            "recipient": demo_email("Mark Jennings"),
            "sent_on": recent,
            "subject": "Draft budget figures (not for circulation)",
            "reason": "Sent to the wrong Mark: it holds personal salary details.",
        },
        "email_external": {
            "full_name": ["Dr Sarah Whitfield", "Kwame Mensah", "Ruth Delaney"][n % 3],
            "organisation": "University research partner",
            "reason": "Evaluating the restorative justice pilot with our data under the sharing agreement.",
            "starts_on": iso(soon),
            "ends_on": iso(soon + dt.timedelta(days=120)),
        },
        "monitoring": {
            "person": demo_email("Kieran Doyle"),
            "channels": ["email"],
            "reason": "Allegation that procurement documents were sent to a bidder.",
            "starts_on": iso(soon),
            "ends_on": iso(later),
        },
        "report_lost_device": {
            "held_device": "another",
            "device": "Work phone, asset tag OPCC-0" + str(1300 + n),
            "device_owner": "work",
            "happened_on": recent,
            "where": "On the train between Birmingham and Coventry",
            "locked": "yes",
            "social_accounts": "no",
            "what_happened": "I left it on the seat and noticed when I got to the office.",
        },
        "report_compromised": {
            "what": "password",
            "account_or_device": "My portal and email account",
            "happened_on": recent,
            "what_happened": "I typed my password into a page that looked like the sign-in page.",
            "done_so_far": "Changed my password straight away.",
        },
        "report_unsuitable_material": {
            "address": "A link in a supplier's newsletter",
            "happened_on": recent,
            "what_happened": "The link opened a gambling site; I closed it at once.",
        },
        "report_virus": {
            "device": "Issued laptop OPCC-L-0" + str(600 + n),
            "source": "An attachment from an unknown sender",
            "disconnected": "yes",
            "happened_on": recent,
            "what_happened": "A warning appeared after I opened a spreadsheet.",
        },
        "report_social_media_content": {
            "link": "https://example.org/post/" + str(4000 + n),
            "platform": "Facebook",
            "happened_on": recent,
            "what_happened": "A post claims the office closed a victims' helpline; that is not true.",
        },
        "report_social_media_abuse": {
            "account": "@OPCCEvents",
            "from_whom": "An anonymous account",
            "happened_on": recent,
            "what_happened": "Repeated abusive replies to our posts about the roadshow.",
        },
        "report_offensive_email": {
            "sender": "unknown.sender@example.com",
            "subject": "You will regret this",
            "happened_on": recent,
            "what_happened": "A threatening email about a complaint we handled.",
        },
    }
    return samples[key]


@dataclass
class RequestsSeedReport:
    created: int = 0
    by_status: dict = field(default_factory=dict)


def requests_demo_seed(*, today: dt.date | None = None) -> RequestsSeedReport:
    """Every request type in each state it can reach, made through the services."""
    report = RequestsSeedReport()
    if Request.objects.exists():
        return report
    today = today or timezone.localdate()
    people = {person.full_name: person for person in User.objects.select_related("line_manager")}
    if any(name not in people for name in REQUESTERS):
        return report
    requesters = [people[name] for name in REQUESTERS]
    n = 0
    for request_type in all_types():
        # Only people who may raise it (remote working needs a declaration signed first).
        allowed = [person for person in requesters if request_type.why_not(person) is None]
        for status in _states(request_type) if allowed else []:
            requester = allowed[n % len(allowed)]
            made = _make(request_type.key, status, requester, today, n)
            n += 1
            if made is not None:
                report.created += 1
                report.by_status[made.status] = report.by_status.get(made.status, 0) + 1
    return report


def _states(request_type) -> list[str]:
    Status = Request.Status
    if request_type.is_report:
        return [Status.SUBMITTED, Status.COMPLETED, Status.WITHDRAWN]
    states = [Status.DRAFT, Status.SUBMITTED, Status.MORE_INFORMATION, Status.APPROVED,
              Status.REFUSED, Status.WITHDRAWN, Status.COMPLETED]
    if request_type.key in ("mailbox_access", "device_abroad", "email_external", "monitoring",
                            "remote_working"):
        states.append(Status.EXPIRED)
    return states


def _make(key: str, status: str, requester: User, today: dt.date, n: int) -> Request | None:
    request_type = get_type(key)
    data = _form_data(key, today, n)
    # Nobody names themselves as the person a request affects.
    data = {
        name: demo_email("Rachel Donnelly") if value == requester.email else value
        for name, value in data.items()
    }
    form = request_type.make_form(data, requester=requester)
    if not form.is_valid():
        raise ValueError(f"Demo answers for {key} are not valid: {form.errors.as_json()}")
    answers = answers_of(form)
    if status == Request.Status.EXPIRED:
        answers = _in_the_past(answers, today)
    request = services.request_draft_save(requester=requester, type_key=key, answers=answers)
    if status == Request.Status.DRAFT:
        return request
    try:
        request = services.request_submit(request=request, actor=requester)
    except ValidationError:
        # e.g. remote working before the security operating procedures are signed
        services.request_withdraw(request=request, actor=requester)
        return None
    _bring_to(request, status, today)
    request.refresh_from_db()
    return request


def _in_the_past(answers: dict, today: dt.date) -> dict:
    """The same answers, for dates that ended last month."""
    moved = dict(answers)
    if "starts_on" in moved and "ends_on" not in moved:  # a year's authorisation, now ended
        moved["starts_on"] = (today - dt.timedelta(days=400)).isoformat()
        return moved
    for name, first in (("starts_on", 40), ("departs_on", 40), ("ends_on", 30), ("returns_on", 30)):
        if name in moved:
            moved[name] = (today - dt.timedelta(days=first)).isoformat()
    return moved


def _bring_to(request: Request, status: str, today: dt.date) -> None:
    Status = Request.Status
    if status == Status.SUBMITTED or request.status not in (Status.SUBMITTED, Status.APPROVED):
        return
    if request.status == Status.APPROVED:  # authorised by the requester themselves
        _after_approval(request, status)
    elif status == Status.WITHDRAWN:
        services.request_withdraw(request=request, actor=request.requester)
    elif status == Status.MORE_INFORMATION:
        step, person = _next(request)
        services.request_ask_for_information(
            step=step, actor=person, question="Which dates exactly, and who covers the rest?"
        )
    elif status == Status.REFUSED:
        _through_consultations(request)
        step, person = _next(request)
        if step is not None and step.action == Step.Action.DECIDE:
            services.step_refuse(step=step, actor=person,
                                 reason="Not justified: a shared mailbox would meet the need.")
    else:
        _through_all(request)
        request.refresh_from_db()
        _after_approval(request, status)


def _after_approval(request: Request, status: str) -> None:
    if status == Request.Status.EXPIRED:
        services.request_expire(request=request)
    elif status == Request.Status.COMPLETED:
        for task in request.tasks.open().select_related("owner_role"):
            doer = _role_holder(task.owner_role.key) if task.owner_role_id else task.owner
            services.task_complete(task=task, actor=doer, note="Done as asked.")


def _next(request: Request) -> tuple[Step | None, User | None]:
    step = request.steps.open().select_related("role", "assignee").first()
    if step is None:
        return None, None
    people = services.step_people(step, request)
    if not people:
        return step, None
    person = people[0]
    person._has_mfa = True  # see the module docstring
    return step, person


def _through_consultations(request: Request) -> None:
    while True:
        step, person = _next(request)
        if step is None or person is None or step.action != Step.Action.CONSULT:
            return
        services.step_advise(step=step, actor=person, advice="No objection; follow the travel advice.")


def _through_all(request: Request) -> None:
    for _ in range(10):
        request.refresh_from_db()
        if request.status != Request.Status.SUBMITTED:
            return
        step, person = _next(request)
        if step is None or person is None:
            return
        if step.action == Step.Action.CONSULT:
            services.step_advise(step=step, actor=person, advice="No objection from a security view.")
        elif step.action == Step.Action.NOTIFY:
            services.step_acknowledge(step=step, actor=person, note="Dealt with.")
        else:
            services.step_approve(step=step, actor=person, note="Approved for the dates asked.")


def _role_holder(key: str) -> User:
    person = role_holders(key).first()
    person._has_mfa = True  # see the module docstring
    return person

