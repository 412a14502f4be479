"""What each person owes: one requirement per person, kind of declaration and cycle.

This is the requirement engine, which services and tasks call: it makes,
lapses and re-opens ``Requirement`` rows. The nightly task runs
``requirements_refresh`` to keep them in step with the staff record, and the
services that change what people owe (a kind, a device holder, a signature) run
it for the people concerned once their change is committed;
``policy_version_publish`` runs ``requirements_for_version`` in the transaction
that publishes the version. The engine writes no audit events: the service that
set it going has recorded the change. Giving one person more time is a service
of its own (``services.requirement_extend``). The rules:

Audience
    People who work here on the day: active, started (or no start date) and not
    past their leaving date. A kind for everyone takes all of them; otherwise its
    staff types and teams narrow it (both, when both are set; nothing chosen
    means everyone). A kind for holders of some kinds of device only ever takes
    people who hold one of them (``devices.selectors.holders_of``: issued to them,
    or named on an issued pool device). An inactive kind has nobody.

One outstanding requirement per person and kind
    Someone with a requirement still due is left alone until they sign it. A
    requirement due for someone who is no longer in the audience (a leaver the
    day after their leaving date, a team change, a device handed back, a kind
    switched off) lapses. If they come back, that same requirement is due again,
    no sooner than the kind's grace period from that day.

The first declaration of a kind
    Someone who has never signed a kind owes it within the kind's
    ``new_starter_grace_days`` of the day it is first asked of them: for a new
    starter that is their start date (people are not in any audience before
    they start, so the nightly run asks them on their first day); for everyone
    else it is the day the kind (or its first published version) appears or
    they join its audience.

Cycles
    * annual_from_last: after a signature on D the next requirement,
      ``from:<D>``, is due a year after D. It is made from the day after D, so a
      person signs at most once a day and the cycle key never repeats.
    * fixed_date: cycle ``<year>`` is due on that year's date (29 February is
      the 28th in other years). The cycle open today is the first whose date is
      on or after today. A signed cycle is followed by the next one the day
      after its date has passed; an unsigned one stays due, overdue, until
      signed (it is not replaced by the next year's). A declaration made for
      another reason (a first declaration, a material change) counts for the
      cycle in which it was signed. Someone who started after the last cycle's
      date owes a first declaration within the grace period; staff who were
      already here when a fixed-date kind appears join the open cycle.
    * per_version: cycle ``v<version pk>`` for each published version, due
      the version's ``grace_days`` after it was published.

Material changes
    Publishing a version with ``material_change`` makes everyone in the audience
    of every kind covering the policy owe ``v<version pk>``, due ``grace_days``
    after publication; what they owed before is superseded. Someone whose last
    signature predates the latest material change (they were out of the
    audience when it was published) owes it when they come back. A version that
    is not a material change asks nothing new of anyone, except for per_version
    kinds; outstanding requirements are pointed at the new version, since the
    person will sign what is current.

Standings
    Each person's standing per kind (``Standing``: do they owe or hold a signed
    declaration of it, and when is the one they owe due) is what the compliance
    figures read. ``standings_refresh`` rewrites it from the requirements: the
    engine calls it after every change it makes, and the services that sign a
    declaration or extend a requirement call it for that person and kind. The
    nightly refresh covers everyone, so a standing can never stay wrong longer
    than a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Case, Max, Min, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from devices.selectors import holders_of
from staff.models import User

from .models import Cycle, Declaration, DeclarationKind, PolicyVersion, Requirement, Standing

CAMPAIGN_KEY = r"^[0-9]{4}$"
BATCH_SIZE = 1000


def current_staff(today: dt.date | None = None) -> QuerySet[User]:
    """People who work here on ``today``: active, started and not past their leaving date."""
    today = today or timezone.localdate()
    return User.objects.filter(
        Q(leaving_date__isnull=True) | Q(leaving_date__gte=today),
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        is_active=True,
    )


def kind_audience(kind: DeclarationKind, *, today: dt.date | None = None) -> QuerySet[User]:
    """Everyone who must make declarations of ``kind`` on ``today`` (see the module's rules)."""
    today = today or timezone.localdate()
    if not kind.active:
        return User.objects.none()
    people = current_staff(today)
    if kind.device_kinds_held:
        people = people.filter(pk__in=holders_of(kind.device_kinds_held, today=today).values("pk"))
    if kind.audience_everyone:
        return people
    if kind.audience_staff_types:
        people = people.filter(staff_type__in=kind.audience_staff_types)
    team_ids = [team.pk for team in kind.audience_teams.all()]
    if team_ids:
        people = people.filter(team_id__in=team_ids)
    return people


def people_in_audience(
    kind: DeclarationKind, users: Iterable, *, today: dt.date | None = None
) -> QuerySet[User]:
    """Those of ``users`` (people or their ids) who are in the audience of ``kind``."""
    return kind_audience(kind, today=today).filter(pk__in=_ids(users))


def _ids(users: Iterable) -> list[int]:
    return [getattr(user, "pk", user) for user in users]


@dataclass(frozen=True)
class Owed:
    """The requirement one person should have: its cycle and due date."""

    cycle_key: str
    due_date: dt.date


def requirements_refresh(*, today: dt.date | None = None, users: Iterable | None = None) -> int:
    """Bring every person's requirements up to date (or only those of ``users``).

    Makes the requirements people now owe, lapses those of people no longer in
    the audience and re-opens those of people who came back. Safe to run any
    number of times, and at the same time as itself. A few queries per kind,
    whatever the number of staff. Returns how many requirements it made or changed.
    """
    today = today or timezone.localdate()
    user_ids = None if users is None else _ids(users)
    kinds = DeclarationKind.objects.select_related("policy").prefetch_related("audience_teams")
    changed = sum(_refresh_kind(kind, today=today, user_ids=user_ids) for kind in kinds)
    standings_refresh(users=user_ids, today=today)
    return changed


@transaction.atomic
def _refresh_kind(kind: DeclarationKind, *, today: dt.date, user_ids: list[int] | None) -> int:
    audience = kind_audience(kind, today=today)
    if user_ids is not None:
        audience = audience.filter(pk__in=user_ids)
    changed = _lapse_outside_audience(kind, audience=audience, user_ids=user_ids)
    version = kind.policy.current_version()
    if version is None:
        return changed
    if kind.cycle == Cycle.PER_VERSION:
        changed += _supersede_outstanding(kind, keep=f"v{version.pk}", user_ids=user_ids)
    waiting = set(
        _scoped(Requirement.objects.outstanding().filter(kind=kind), user_ids).values_list(
            "user_id", flat=True
        )
    )
    people = {
        pk: start_date
        for pk, start_date in audience.values_list("pk", "start_date")
        if pk not in waiting
    }
    owed = _owed(kind, version=version, people=people, today=today)
    return changed + _make_requirements(kind, version=version, owed=owed)


def _scoped(requirements: QuerySet, user_ids: list[int] | None) -> QuerySet:
    return requirements if user_ids is None else requirements.filter(user_id__in=user_ids)


def _lapse_outside_audience(kind, *, audience: QuerySet, user_ids: list[int] | None) -> int:
    outside = (
        Requirement.objects.outstanding()
        .filter(kind=kind)
        .exclude(user_id__in=audience.values("pk"))
    )
    return _scoped(outside, user_ids).update(
        status=Requirement.Status.LAPSED, closed_at=timezone.now()
    )


def _supersede_outstanding(kind, *, keep: str, user_ids: list[int] | None) -> int:
    replaced = Requirement.objects.outstanding().filter(kind=kind).exclude(cycle_key=keep)
    return _scoped(replaced, user_ids).update(
        status=Requirement.Status.SUPERSEDED, closed_at=timezone.now()
    )


def _owed(
    kind, *, version: PolicyVersion, people: dict[int, dt.date | None], today: dt.date
) -> dict[int, Owed]:
    """What each of ``people`` (who owe nothing at the moment; id to start date) should
    owe now, if anything."""
    if not people:
        return {}
    signatures = _signatures(kind, version=version)
    material = None if kind.cycle == Cycle.PER_VERSION else _latest_material_version(kind)
    grace_end = today + dt.timedelta(days=kind.new_starter_grace_days)
    owed = {}
    for pk, start_date in people.items():
        signed = signatures.get(pk)
        if signed and material and signed["last"] < material.published_at:
            due = _local(material.published_at) + dt.timedelta(days=material.grace_days)
            owed[pk] = Owed(f"v{material.pk}", max(due, grace_end))
            continue
        if kind.cycle == Cycle.PER_VERSION:
            item = _owed_per_version(version, signed, grace_end)
        elif kind.cycle == Cycle.FIXED_DATE:
            item = _owed_fixed_date(kind, signed, start_date, today, grace_end)
        else:
            item = _owed_annual(signed, today, grace_end)
        if item is not None:
            owed[pk] = item
    return owed


def _signatures(kind, *, version: PolicyVersion) -> dict[int, dict]:
    """Per person: their last signature of ``kind``, their last signature of a fixed-date
    cycle (as the cycle's year) and of anything else, and whether they signed ``version``."""
    campaign = Q(requirement__cycle_key__regex=CAMPAIGN_KEY)
    rows = (
        Declaration.objects.filter(kind=kind)
        .values("user_id")
        .annotate(
            last=Max("signed_at"),
            last_campaign=Max("requirement__cycle_key", filter=campaign),
            last_other=Max("signed_at", filter=~campaign),
            signed_version=Max("signed_at", filter=Q(version=version)),
        )
    )
    return {row["user_id"]: row for row in rows}


def _latest_material_version(kind) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(
            policy_id=kind.policy_id,
            status=PolicyVersion.Status.PUBLISHED,
            material_change=True,
            published_at__isnull=False,
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def _owed_annual(signed, today: dt.date, grace_end: dt.date) -> Owed | None:
    if not signed:
        return Owed("first", grace_end)
    last = _local(signed["last"])
    if last >= today:
        return None
    return Owed(f"from:{last.isoformat()}", max(_add_year(last), grace_end))


def _owed_fixed_date(kind, signed, start_date, today: dt.date, grace_end: dt.date) -> Owed | None:
    year = today.year if _fixed_date(kind, today.year) >= today else today.year + 1
    due = _fixed_date(kind, year)
    if not signed:
        joined_this_cycle = start_date is not None and start_date > _fixed_date(kind, year - 1)
        return Owed(str(year), grace_end if joined_this_cycle else max(due, grace_end))
    campaign = int(signed["last_campaign"]) if signed["last_campaign"] else None
    other = _local(signed["last_other"]) if signed["last_other"] else None
    if (campaign is not None and campaign >= year) or (
        other is not None and other > _fixed_date(kind, year - 1)
    ):
        # This cycle is done; the next opens the day after this cycle's date.
        return None
    return Owed(str(year), max(due, grace_end))


def _owed_per_version(version: PolicyVersion, signed, grace_end: dt.date) -> Owed | None:
    if signed and signed["signed_version"]:
        return None
    published = _local(version.published_at) if version.published_at else grace_end
    return Owed(f"v{version.pk}", max(published + dt.timedelta(days=version.grace_days), grace_end))


def _make_requirements(kind, *, version, owed: dict[int, Owed]) -> int:
    """Create what is owed; re-open a lapsed or superseded requirement of the same cycle."""
    if not owed:
        return 0
    closed = {
        (row.user_id, row.cycle_key): row
        for row in Requirement.objects.filter(
            kind=kind,
            cycle_key__in={item.cycle_key for item in owed.values()},
            status__in=[Requirement.Status.LAPSED, Requirement.Status.SUPERSEDED],
        )
        if row.user_id in owed and owed[row.user_id].cycle_key == row.cycle_key
    }
    reopened = []
    for row in closed.values():
        row.status = Requirement.Status.DUE
        row.closed_at = None
        row.version = version
        row.due_date = max(row.due_date, owed[row.user_id].due_date)
        if row.extended_to is not None and row.extended_to <= row.due_date:
            row.extended_to = None
        reopened.append(row)
    Requirement.objects.bulk_update(
        reopened,
        ["status", "closed_at", "version", "due_date", "extended_to"],
        batch_size=BATCH_SIZE,
    )
    new = [
        Requirement(
            user_id=pk, kind=kind, cycle_key=item.cycle_key, version=version, due_date=item.due_date
        )
        for pk, item in owed.items()
        if (pk, item.cycle_key) not in closed
    ]
    # A concurrent run, or a requirement signed without a declaration, may hold the key.
    Requirement.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(reopened) + len(new)


@transaction.atomic
def requirements_for_version(*, version: PolicyVersion) -> int:
    """Ask the audience to declare again after ``version`` is published (see the module's rules).

    Returns how many requirements it made or changed; calling it again changes nothing.
    """
    today = timezone.localdate()
    published = _local(version.published_at) if version.published_at else today
    due = published + dt.timedelta(days=version.grace_days)
    key = f"v{version.pk}"
    changed = 0
    kinds = DeclarationKind.objects.filter(policy_id=version.policy_id, active=True)
    for kind in kinds.prefetch_related("audience_teams"):
        if not (version.material_change or kind.cycle == Cycle.PER_VERSION):
            changed += (
                Requirement.objects.outstanding()
                .filter(kind=kind)
                .exclude(version=version)
                .update(version=version)
            )
            continue
        audience = kind_audience(kind, today=today)
        changed += _lapse_outside_audience(kind, audience=audience, user_ids=None)
        changed += _supersede_outstanding(kind, keep=key, user_ids=None)
        done = set(
            Requirement.objects.filter(
                kind=kind,
                cycle_key=key,
                status__in=[Requirement.Status.DUE, Requirement.Status.SIGNED],
            ).values_list("user_id", flat=True)
        )
        owed = {
            pk: Owed(key, due) for pk in audience.values_list("pk", flat=True) if pk not in done
        }
        changed += _make_requirements(kind, version=version, owed=owed)
    standings_refresh(kinds=kinds)
    return changed


@transaction.atomic
def standings_refresh(
    *, users: Iterable | None = None, kinds: Iterable | None = None, today: dt.date | None = None
) -> int:
    """Rewrite the standings (``models.Standing``) of ``users`` with ``kinds`` (people or
    kinds, or their ids; everyone and every kind when None) from their requirements and
    the audiences of ``today``, then their standing across every kind in use.

    Only the rows that differ are written, so running it again changes nothing.
    Returns how many rows it added, changed or removed.
    """
    today = today or timezone.localdate()
    user_ids = None if users is None else _ids(users)
    every_kind = DeclarationKind.objects.prefetch_related("audience_teams")
    if kinds is not None:
        every_kind = every_kind.filter(pk__in=_ids(kinds))
    wanted = {}
    for kind in every_kind:
        held = _scoped(
            Requirement.objects.filter(
                kind=kind,
                status__in=[Requirement.Status.DUE, Requirement.Status.SIGNED],
                user_id__in=kind_audience(kind, today=today).values("pk"),
            ),
            user_ids,
        )
        owed = held.values("user_id").annotate(due_on=_owed_due_on()).order_by()
        for user_id, due_on in owed.values_list("user_id", "due_on"):
            wanted[(user_id, kind.pk)] = due_on
    found = _scoped(Standing.objects.filter(kind_id__in=[kind.pk for kind in every_kind]), user_ids)
    changed = _standings_write(found, wanted)
    return changed + _standings_across_kinds_refresh(user_ids)


def _standings_across_kinds_refresh(user_ids: list[int] | None) -> int:
    """Each person's standing across every kind in use, from their standing per kind."""
    per_kind = _scoped(Standing.objects.filter(kind__active=True), user_ids)
    wanted = {
        (user_id, None): due_on
        for user_id, due_on in per_kind.values("user_id")
        .annotate(earliest=Min("due_on"))
        .values_list("user_id", "earliest")
        .order_by()
    }
    return _standings_write(_scoped(Standing.objects.filter(kind__isnull=True), user_ids), wanted)


def _standings_write(found: QuerySet, wanted: dict[tuple[int, int | None], dt.date | None]) -> int:
    """Make the standings in ``found`` those of ``wanted`` (keyed by person and kind id):
    add, change and remove only what differs."""
    rows = {(row.user_id, row.kind_id): row for row in found.only("user_id", "kind_id", "due_on")}
    gone = [row.pk for key, row in rows.items() if key not in wanted]
    changed = [row for key, row in rows.items() if key in wanted and row.due_on != wanted[key]]
    for row in changed:
        row.due_on = wanted[(row.user_id, row.kind_id)]
    new = [
        Standing(user_id=user_id, kind_id=kind_id, due_on=due_on)
        for (user_id, kind_id), due_on in wanted.items()
        if (user_id, kind_id) not in rows
    ]
    for start in range(0, len(gone), BATCH_SIZE):
        Standing.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).delete()
    Standing.objects.bulk_update(changed, ["due_on"], batch_size=BATCH_SIZE)
    # A refresh of the same person at the same moment may have added the row meanwhile.
    Standing.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(gone) + len(changed) + len(new)


def _owed_due_on() -> Min:
    """The effective due date of the requirement a person owes, of those grouped."""
    effective = Coalesce("extended_to", "due_date")
    return Min(
        Case(When(status=Requirement.Status.DUE, then=effective), output_field=models.DateField())
    )


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _fixed_date(kind, year: int) -> dt.date:
    try:
        return dt.date(year, kind.fixed_month, kind.fixed_day)
    except ValueError:  # 29 February in a year that has none
        return dt.date(year, kind.fixed_month, 28)


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
