"""Social-media accounts for the demonstration organisation.

A dozen accounts across the platforms, in each state the register knows: awaiting
registration, active, closed; some with their password to change or at risk, one
whose annual review is overdue, one offered to a new owner. They are made the way
the communications team makes them: recorded through the services, credentials
registered (random ones: nobody needs to know them), people given access, apps
connected, hand-overs offered. As in the requests' demo, the demo's role holders
have no authenticator app yet, so for the seeding only they are treated as having
one.

The demo organisation also gets a disclaimer for its accounts, if it has none.

``accounts_demo_seed`` runs once: if the register holds any account that did not
come from a request, it changes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kernel.platforms import OwnerKind, Platform
from staff.demo import COMMS, EXECUTIVE, POLICY, VICTIMS
from staff.models import Team, User
from staff.selectors import organisation_settings
from staff.services import organisation_settings_update

from . import services
from .models import Account

DISCLAIMER = (
    "This account is not monitored around the clock. To report a crime call 101, or 999 in "
    "an emergency; to contact the office, use the details on our website."
)

# Who records the accounts: the communications role's holders in the staff demo.
RECORDED_BY = "Owen Llewellyn"


@dataclass(frozen=True)
class DemoAccount:
    platform: str
    handle: str
    owner_kind: str
    owner: str
    moderator: str
    team: str
    purpose: str
    administrator: str | None = None
    registered: bool = True
    access: tuple[str, ...] = ()
    # (app name, what it can do, added by the communications team)
    apps: tuple[tuple[str, str, bool], ...] = ()
    # What happens to it afterwards (see ``_afterwards``).
    then: tuple[str, ...] = ()


ACCOUNTS = [
    DemoAccount(
        Platform.TWITTER, "@OPCC_WestMids", OwnerKind.ORGANISATION, "Nadia Hussain",
        "Owen Llewellyn", COMMS, "The office's main channel: news, consultations and the "
        "commissioner's public meetings.", administrator="Owen Llewellyn",
        access=("Chloe Barnes", "Jamal Edwards"),
        apps=(("Hootsuite", "Schedule and publish posts, read replies", True),),
    ),
    DemoAccount(
        Platform.FACEBOOK, "OPCC West Midlands", OwnerKind.ORGANISATION, "Nadia Hussain",
        "Chloe Barnes", COMMS, "Events, consultations and community safety news for "
        "residents who do not use Twitter/X.", administrator="Owen Llewellyn",
        access=("Owen Llewellyn",),
        apps=(("Hootsuite", "Schedule and publish posts, read messages", True),),
    ),
    DemoAccount(
        Platform.INSTAGRAM, "@opcc_westmids", OwnerKind.ORGANISATION, "Owen Llewellyn",
        "Chloe Barnes", COMMS, "Photographs and short videos from the commissioner's visits.",
        access=("Fiona Gallagher", "Chloe Barnes"), then=("remove_access",),
    ),
    DemoAccount(
        Platform.YOUTUBE, "OPCC West Midlands", OwnerKind.ORGANISATION, "Owen Llewellyn",
        "Jamal Edwards", COMMS, "Recordings of the public accountability meetings.",
        then=("review_overdue",),
    ),
    DemoAccount(
        Platform.LINKEDIN, "Office of the PCC, West Midlands", OwnerKind.ORGANISATION,
        "Sophie Carrington", "Priya Raman", EXECUTIVE, "Vacancies, tenders and partnership "
        "news for professionals.", then=("offer_to_new_owner",),
    ),
    DemoAccount(
        Platform.TWITTER, "@OPCCYouthComm", OwnerKind.TEAM, "Harriet Lowe", "Jamal Edwards",
        COMMS, "The youth commission's own voice: events, surveys and what young people "
        "told the commissioner.", access=("Peter Nwosu",), then=("lost_device",),
    ),
    DemoAccount(
        Platform.WORDPRESS, "victims-voice-wm", OwnerKind.TEAM, "Janet Osei", "David Kowalski",
        VICTIMS, "A blog on the support commissioned for victims, with stories told with "
        "consent.", administrator="Megan Lloyd", access=("Samuel Thornton",),
        apps=(("Jetpack", "Publish posts and read statistics", False),),
    ),
    DemoAccount(
        Platform.TWITTER, "@OPCCVictimsWM", OwnerKind.TEAM, "David Kowalski", "Megan Lloyd",
        VICTIMS, "Where victims can find help, and news of the services the office pays for.",
        then=("handed_over",),
    ),
    DemoAccount(
        Platform.WORDPRESS, "commissioning-notes", OwnerKind.INDIVIDUAL, "Rachel Donnelly",
        "Imran Qureshi", POLICY, "The head of commissioning explains how services are chosen "
        "and how their results are measured.",
    ),
    DemoAccount(
        Platform.TWITTER, "@OPCCCommission", OwnerKind.TEAM, "Tom Ashworth", "Grace Adeyemi",
        POLICY, "Calls for bids and the results of commissioning rounds.", registered=False,
    ),
    DemoAccount(
        Platform.TIKTOK, "@opcc.westmids", OwnerKind.ORGANISATION, "Owen Llewellyn",
        "Chloe Barnes", COMMS, "Short crime prevention videos for younger audiences.",
        registered=False,
    ),
    DemoAccount(
        Platform.FACEBOOK, "Community Safety Roadshow", OwnerKind.ORGANISATION,
        "Jamal Edwards", "Fiona Gallagher", COMMS, "A page for last year's roadshow.",
        then=("close",),
    ),
]  # fmt: skip


@dataclass
class AccountsSeedReport:
    created: int = 0
    by_status: dict = field(default_factory=dict)


@transaction.atomic
def accounts_demo_seed(*, today: dt.date | None = None) -> AccountsSeedReport:
    """The demo accounts, each in the state it is meant to show; nothing if any exists."""
    report = AccountsSeedReport()
    if Account.objects.filter(source_request_id__isnull=True).exists():
        return report
    people = {person.full_name: person for person in User.objects.current()}
    names = {RECORDED_BY} | {name for entry in ACCOUNTS for name in _people_of(entry)}
    if any(name not in people for name in names):
        return report
    for person in people.values():
        person._has_mfa = True  # see the module docstring
    today = today or timezone.localdate()
    teams = {team.name: team for team in Team.objects.all()}
    for entry in ACCOUNTS:
        account = _make(entry, people, teams[entry.team], today)
        report.created += 1
        status = account.get_status_display().lower()
        report.by_status[status] = report.by_status.get(status, 0) + 1
    if not organisation_settings().account_disclaimer:
        organisation_settings_update(actor=None, account_disclaimer=DISCLAIMER)
    return report


def _people_of(entry: DemoAccount) -> list[str]:
    return [entry.owner, entry.moderator, *filter(None, [entry.administrator]), *entry.access]


def _make(entry: DemoAccount, people: dict[str, User], team: Team, today: dt.date) -> Account:
    recorder = people[RECORDED_BY]
    account = services.account_add(
        actor=recorder,
        platform=entry.platform,
        handle=entry.handle,
        url=_url(entry),
        purpose=entry.purpose,
        owner=people[entry.owner],
        owner_kind=entry.owner_kind,
        team=team,
        moderator=people[entry.moderator],
        administrator=people.get(entry.administrator),
        registration_email=f"{_slug(entry.handle)}.social@{settings.ORGANISATION_EMAIL_DOMAIN}",
        disclaimer_shown=entry.registered,
    )
    if not entry.registered:
        return account
    account = services.account_register(
        account=account,
        actor=recorder,
        username=entry.handle,
        password=secrets.token_urlsafe(18),
        totp_seed=base64.b32encode(secrets.token_bytes(20)).decode(),
        recovery_codes="\n".join(secrets.token_hex(4) for _ in range(8)),
    )
    for name in entry.access:
        services.access_grant(account=account, person=people[name], actor=recorder)
    for name, access, by_communications in entry.apps:
        actor = recorder if by_communications else people[entry.owner]
        services.app_add(account=account, actor=actor, name=name, access=access)
    for step in entry.then:
        _afterwards(step, account, entry, people, today)
    account.refresh_from_db()
    return account


def _afterwards(step: str, account: Account, entry: DemoAccount, people, today) -> None:
    """What happened to an account after it was registered."""
    recorder = people[RECORDED_BY]
    if step == "remove_access":
        access = account.accesses.current().get(person=people[entry.access[0]])
        services.access_remove(access=access, actor=recorder, reason="Moved to another team.")
    elif step == "lost_device":
        services.mark_password_change_required(
            accounts=[account],
            reason="Work phone reported lost on the train",
            actor=people[entry.owner],
            at_risk=True,
        )
    elif step == "offer_to_new_owner":
        services.handover_offer(
            account=account,
            to_owner=people["Priya Raman"],
            actor=people[entry.owner],
            note="You post most of the updates now: will you take the account on?",
        )
    elif step == "handed_over":
        handover = services.handover_offer(
            account=account, to_owner=people["Megan Lloyd"], actor=people[entry.owner]
        )
        services.handover_accept(handover=handover, actor=people["Megan Lloyd"])
    elif step == "review_overdue":
        # The demo has no past: an account registered over a year ago, its review due
        # five weeks ago, is given those dates directly.
        Account.objects.filter(pk=account.pk).update(
            registered_at=timezone.now() - dt.timedelta(days=400),
            review_due_on=today - dt.timedelta(days=35),
        )
    elif step == "close":
        services.account_close(
            account=account, actor=recorder, reason="The roadshow is over; the page is not needed."
        )


def _url(entry: DemoAccount) -> str:
    bases = {
        Platform.TWITTER: "https://x.com/",
        Platform.INSTAGRAM: "https://www.instagram.com/",
        Platform.TIKTOK: "https://www.tiktok.com/",
    }
    base = bases.get(entry.platform)
    return f"{base}{entry.handle.lstrip('@')}" if base else ""


def _slug(handle: str) -> str:
    return "".join(c for c in handle.lower() if c.isalnum())[:30]
