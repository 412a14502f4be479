"""Every URL the portal serves, and a signed-in client per persona, for the tests that walk them.

The routes come from the URL conf itself, so a URL added later is walked too.
Their arguments are filled with values no object has: an id, a slug, or for a
regular expression (allauth's and the records' references) the first string it
matches, which names nothing either. The requests' and the register's pages are the
exceptions: id 1 is a request with an open step, a file, a task and a delegation
(``approval_samples``), a social-media account with credentials, someone with
access, an app and a pending hand-over (``account_samples``), a pool device with
a named user (``device_samples``), and an open leaver case with a device item
(``leaver_samples``), so those pages are drawn for the people who may see them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _parser as regex_parser

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts_registry.models import Access, Account, ConnectedApp, Handover
from accounts_registry.vault import vault_store
from approvals.models import Attachment, Delegation, Request, Step, Task
from devices.models import Device, DeviceEvent, PoolUser
from kernel.roles import RoleKey
from leavers.models import CaseItem, LeaverCase
from leavers.tests.factories import CaseItemFactory, LeaverCaseFactory
from staff.models import Role
from staff.roles import DEFAULT_ROLES
from staff.tests.factories import UserFactory, enable_totp, give_role

UNKNOWN_ID = "987654321"
SAMPLE_BY_CONVERTER = {"int": "1", "str": "sample", "slug": "sample", "path": "sample"}

PERSONAS = ["anonymous", "staff", "line_manager", "django_admin"] + [
    key for key, *_ in DEFAULT_ROLES
]


@dataclass
class Route:
    name: str
    pattern: str
    callback: object
    has_args: bool


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else ""
            pattern = prefix + str(entry.pattern)
            has_args = bool(re.search(r"<|\(\?P<", pattern))
            yield Route(name, pattern, entry.callback, has_args)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def sample_url(route: Route, *, int_value: str = SAMPLE_BY_CONVERTER["int"]) -> str:
    """A concrete URL for a route, with sample values for its arguments.

    Integer arguments get ``int_value`` (pass ``UNKNOWN_ID`` for an id nothing has).
    """
    samples = {**SAMPLE_BY_CONVERTER, "int": int_value}
    url = re.sub(
        r"\(\?P<\w+>((?:[^()]|\([^()]*\))*)\)", lambda m: _first_match(m.group(1)), route.pattern
    )
    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1) or "str", "sample"), url)
    return "/" + url.replace("^", "").replace("$", "")


def _first_match(regex: str) -> str:
    """A short string that ``regex`` matches: ``[A-Z]{3}-[0-9]{4}`` gives ``AAA-0000``."""
    text = "".join(_example(regex_parser.parse(regex)))
    assert re.fullmatch(regex, text), f"no sample value for the URL argument {regex!r}"
    return text


def _example(parsed) -> list[str]:
    """Characters the parsed expression matches: its first branch, each repeat at least once."""
    out = []
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name in ("ANY", "NOT_LITERAL"):
            out.append("a" if arg != ord("a") else "b")
        elif name == "IN":
            out.append(_char_in(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, item = arg
            out.extend(_example(item) * max(low, 1))
        elif name == "SUBPATTERN":
            out.extend(_example(arg[-1]))
        elif name == "BRANCH":
            out.extend(_example(arg[1][0]))
    return out


def _char_in(items) -> str:
    """A character of a set such as ``[0-9A-Z]`` or ``[^/]``."""
    if items and str(items[0][0]) == "NEGATE":
        excluded = "".join(chr(arg) for op, arg in items[1:] if str(op) == "LITERAL")
        return next(c for c in "a0Z" if c not in excluded)
    op, arg = items[0]
    if str(op) == "RANGE":
        return chr(arg[0])
    if str(op) == "CATEGORY":
        return "0" if "DIGIT" in str(arg) else "a"
    return chr(arg)


def persona_user(persona: str):
    """A person in the given persona (role holders and admins with two-factor set up)."""
    user = UserFactory(full_name=f"Persona {persona}")
    if persona == "line_manager":
        UserFactory(line_manager=user)
    elif persona == "django_admin":
        user.is_staff = user.is_superuser = True
        user.save()
        enable_totp(user)
    elif persona != "staff":
        give_role(user, persona)
        enable_totp(user)
    return user


def sign_in(client: Client, user) -> Client:
    """Sign ``client`` in as ``user``, with a second factor, as allauth would."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": 0, "email": user.email},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session.save()
    return client


def approval_samples() -> None:
    """A request (id 1) from someone outside every persona, waiting for the chief
    executive's decision (step 1), with a file (1), a task for the IT service desk (1)
    and a delegation (1). Made once per test."""
    if Request.objects.filter(pk=1).exists():
        return
    requester = UserFactory(full_name="Sample Requester")
    request = Request.objects.create(
        pk=1,
        type_key="software_permission",
        requester=requester,
        summary="Software: sample",
        status=Request.Status.SUBMITTED,
        decision_key="software.permission",
        answers={
            "software": "Sample",
            "source": "https://example.org",
            "reason": "Sample reason",
            "device": "Laptop",
        },
    )
    Step.objects.create(
        pk=1,
        request=request,
        order=1,
        role=Role.objects.get(key=RoleKey.CHIEF_EXECUTIVE),
        status=Step.Status.OPEN,
        clause="000 §24",
        opened_at=request.created_at,
        due_on=request.created_at.date(),
    )
    attachment = Attachment(
        pk=1,
        request=request,
        uploaded_by=requester,
        name="sample.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    attachment.file.save("sample", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    Task.objects.create(
        pk=1,
        key="sample-task",
        title="Sample task",
        request=request,
        owner_role=Role.objects.get(key=RoleKey.IT_SERVICE_DESK),
    )
    Delegation.objects.create(
        pk=1,
        person=requester,
        delegate=UserFactory(),
        starts_on=request.created_at.date(),
        ends_on=request.created_at.date(),
    )


def account_samples() -> None:
    """A social-media account (id 1) owned by someone outside every persona, at risk and
    with a password change required, with credentials, a person with access (1), an app (1)
    and a pending hand-over (1). Made once per test."""
    if Account.objects.filter(pk=1).exists():
        return
    owner = UserFactory(full_name="Sample Owner")
    now = timezone.now()
    account = Account.objects.create(
        pk=1,
        platform="twitter",
        handle="@SampleAccount",
        purpose="Sample purpose",
        owner=owner,
        moderator=owner,
        registration_email=f"sample@{settings.ORGANISATION_EMAIL_DOMAIN}",
        status=Account.Status.ACTIVE,
        registered_at=now,
        review_due_on=now.date(),
        password_change_required=True,
        password_change_reason="Sample reason",
        password_change_since=now,
        at_risk=True,
        at_risk_reason="Sample reason",
        at_risk_since=now,
    )
    vault_store(account=account, field="password", value="sample-password", actor=owner)
    Access.objects.create(pk=1, account=account, person=UserFactory(), granted_at=now)
    ConnectedApp.objects.create(
        pk=1, account=account, name="Sample app", access="Post", added_by=owner, added_at=now
    )
    Handover.objects.create(
        pk=1, account=account, from_owner=owner, to_owner=UserFactory(), offered_by=owner,
        offered_at=now,
    )  # fmt: skip


def device_samples() -> None:
    """A pool device (id 1) of a team, issued, with a named user (1) from outside every
    persona and a line of history. Made once per test."""
    if Device.objects.filter(pk=1).exists():
        return
    user = UserFactory(full_name="Sample Device User")
    now = timezone.now()
    device = Device.objects.create(
        pk=1, kind="phone", asset_tag="SAMPLE-0001", status=Device.Status.ISSUED,
        pool_team=user.team, issued_on=now.date(),
    )  # fmt: skip
    PoolUser.objects.create(pk=1, device=device, person=user, added_at=now)
    DeviceEvent.objects.create(device=device, action="pool_user_added", person=user, occurred_at=now)


def leaver_samples() -> None:
    """An open leaver case (id 1) of someone outside every persona, started by their line
    manager, who has no manager of their own (so an administrator signs it off), with
    the IT service desk's items open, the first (1) for a laptop they hold, and the
    manager's mailbox item done. Made once per test."""
    if LeaverCase.objects.filter(pk=1).exists():
        return
    manager = UserFactory(full_name="Sample Leaver Manager")
    person = UserFactory(full_name="Sample Leaver", line_manager=manager)
    now = timezone.now()
    device = Device.objects.create(
        kind="laptop", asset_tag="SAMPLE-0002", status=Device.Status.ISSUED, holder=person,
        issued_on=now.date(),
    )  # fmt: skip
    case = LeaverCaseFactory(pk=1, person=person, started_by=manager, reason="Sample reason")
    desk = Role.objects.get(key=RoleKey.IT_SERVICE_DESK)
    CaseItemFactory(
        pk=1, case=case, what=CaseItem.What.DEVICE, device=device, task__owner_role=desk,
        task__title=f"Recover {device} from {person}, or record it lost",
        task__details=f"Laptop, asset tag {device.asset_tag}, issued to them.",
        task__due_on=case.last_day,
    )  # fmt: skip
    CaseItemFactory(case=case, task__owner_role=desk, task__due_on=case.last_day)
    CaseItemFactory(
        case=case, what=CaseItem.What.MAILBOX, task__owner=manager, task__owner_role=None,
        task__title=f"Arrange who may use {person}'s mailbox after they leave",
        task__due_on=case.last_day, task__status=Task.Status.DONE, task__done_by=manager,
        task__done_at=now, task__note="Sample note",
    )  # fmt: skip


def persona_client(persona: str, **client_options) -> Client:
    """A test client signed in as a new person in ``persona`` (not signed in for anonymous)."""
    approval_samples()
    account_samples()
    device_samples()
    leaver_samples()
    client = Client(**client_options)
    if persona != "anonymous":
        sign_in(client, persona_user(persona))
    return client
