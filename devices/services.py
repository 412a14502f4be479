"""Every change to the device register.

Each function is one state change: atomic, the device's row locked first (two
people acting on one device take turns, and the second finds the change made),
refusing what the device's state does not allow with a clear ``ValidationError``,
writing the device's history (``DeviceEvent``) and the audit event with the actor.
``http_request`` is the web request when there is one.

A device moves between these states::

    in stock ─issue / pool─▶ issued ─return─▶ returned ─issue / pool─▶ issued …
    in stock, issued, returned ─lost─▶ lost;  in stock, returned, lost ─dispose─▶ disposed

Issuing is refused when the organisation issues that kind of device only to some
staff types (``OrganisationSettings.device_staff_types``) and the person is of
another, and when a check registered by an app above refuses it (``rules``: a
declaration to sign first). The same applies to each person named on a pool
device. Whenever who holds what changes, ``signals.holdings_changed`` is sent
after commit, so the declarations owed for holding a device follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from audit.services import audit_log
from staff.models import StaffType, Team, User
from staff.selectors import organisation_settings

from .audit_actions import DeviceAction
from .models import Device, DeviceEvent, DeviceKind, PoolUser
from .rules import IssueRefusal, issue_refusals
from .signals import holdings_changed

Status = Device.Status
Action = DeviceEvent.Action

ISSUABLE = (Status.IN_STOCK, Status.RETURNED)
LOSABLE = (Status.IN_STOCK, Status.ISSUED, Status.RETURNED)
DISPOSABLE = (Status.IN_STOCK, Status.RETURNED, Status.LOST)
DETAIL_FIELDS = ("kind", "asset_tag", "serial", "model", "notes", "to_complete")


class IssueRefused(ValidationError):
    """Issuing was refused; ``refusals`` has each reason with the page to put it right."""

    def __init__(self, refusals: list[IssueRefusal]):
        super().__init__([refusal.message for refusal in refusals])
        self.refusals = refusals


# Helpers ------------------------------------------------------------------------------


def _lock(device: Device) -> Device:
    """The device's row, locked, as it is now."""
    return Device.objects.select_for_update().get(pk=device.pk)


def _history(device: Device, action: str, *, actor, person=None, note: str = "") -> None:
    DeviceEvent.objects.create(
        device=device,
        action=action,
        actor=actor,
        person=person,
        occurred_at=timezone.now(),
        note=note,
    )


def _holdings_changed(user_ids: Iterable[int]) -> None:
    """Tell the apps above, once this commits, that these people's holdings changed."""
    ids = sorted({pk for pk in user_ids if pk})
    if ids:
        # Robust: the change itself stands if a receiver fails; the nightly run catches up.
        transaction.on_commit(
            lambda: holdings_changed.send(sender=Device, user_ids=ids), robust=True
        )


def _current_users(device: Device) -> list[PoolUser]:
    return list(device.pool_users.current().select_for_update())


def _status_label(device: Device) -> str:
    return Device.Status(device.status).label.lower()


def _refuse_duplicate_tag(asset_tag: str, *, exclude_pk: int | None = None) -> None:
    others = Device.objects.filter(asset_tag__iexact=asset_tag).exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(f"Another device already has the asset tag {asset_tag}.")


def _save_new(device: Device) -> Device:
    """Insert ``device``; a tag taken meanwhile by someone else is a clear refusal."""
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError as error:
        raise ValidationError(
            f"Another device already has the asset tag {device.asset_tag}."
        ) from error
    return device


def issue_refusals_for(person: User, device_kind: str) -> list[IssueRefusal]:
    """Every reason ``person`` may not be issued a ``device_kind`` now (empty if they may)."""
    refusals = []
    if not User.objects.current().filter(pk=person.pk).exists():
        refusals.append(IssueRefusal(f"{person} does not work here now."))
    allowed = organisation_settings().staff_types_for_device(device_kind)
    if allowed and person.staff_type not in allowed:
        refusals.append(IssueRefusal(_staff_type_refusal(person, device_kind, allowed)))
    return refusals + issue_refusals(person, device_kind)


def _staff_type_refusal(person: User, device_kind: str, allowed: list[str]) -> str:
    labels = dict(StaffType.choices)
    names = [labels.get(key, key).lower() for key in allowed]
    allowed_words = " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))
    kind = DeviceKind(device_kind).label.lower()
    return (
        f"The organisation's settings issue a {kind} only to {allowed_words} staff "
        f"(who may be issued each kind of device); {person} is "
        f"{labels.get(person.staff_type, person.staff_type).lower()} staff."
    )


def _refuse_issue(person: User, device_kind: str) -> None:
    refusals = issue_refusals_for(person, device_kind)
    if refusals:
        raise IssueRefused(refusals)


# The register -------------------------------------------------------------------------


@transaction.atomic
def device_add(
    *,
    actor: User | None,
    kind: str,
    asset_tag: str,
    serial: str = "",
    model: str = "",
    notes: str = "",
    http_request=None,
) -> Device:
    """Record a device the organisation has; it starts in stock."""
    asset_tag = asset_tag.strip()
    if not asset_tag:
        raise ValidationError("Give the device's asset tag.")
    _refuse_duplicate_tag(asset_tag)
    device = _save_new(
        Device(kind=kind, asset_tag=asset_tag, serial=serial, model=model, notes=notes)
    )
    _history(device, Action.ADDED, actor=actor)
    audit_log(
        action=DeviceAction.ADDED,
        actor=actor,
        target=device,
        request=http_request,
        details={"kind": kind, "asset_tag": asset_tag, "serial": serial, "model": model},
    )
    return device


@transaction.atomic
def device_update(*, device: Device, actor: User | None, http_request=None, **fields) -> Device:
    """Correct a device's details (``DETAIL_FIELDS``), auditing each that changed.

    A new kind of an issued device changes what its holders hold, and so which
    declarations they owe.
    """
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"device_update cannot change {', '.join(sorted(unknown))}")
    device = _lock(device)
    if "asset_tag" in fields:
        fields["asset_tag"] = fields["asset_tag"].strip()
        if not fields["asset_tag"]:
            raise ValidationError("Give the device's asset tag.")
        _refuse_duplicate_tag(fields["asset_tag"], exclude_pk=device.pk)
    changes = {
        name: {"from": getattr(device, name), "to": value}
        for name, value in fields.items()
        if getattr(device, name) != value
    }
    if not changes:
        return device
    for name, change in changes.items():
        setattr(device, name, change["to"])
    device.save(update_fields=[*changes, "updated_at"])
    _history(device, Action.EDITED, actor=actor, note=", ".join(sorted(changes)))
    audit_log(
        action=DeviceAction.UPDATED,
        actor=actor,
        target=device,
        request=http_request,
        details=changes,
    )
    if "kind" in changes and device.status == Status.ISSUED:
        _holdings_changed(_holder_ids(device))
    return device


def _holder_ids(device: Device) -> list[int]:
    return [device.holder_id, *device.pool_users.current().values_list("person_id", flat=True)]


@transaction.atomic
def device_issue(*, device: Device, person: User, actor: User | None, http_request=None) -> Device:
    """Issue a device in stock (or returned) to ``person``.

    Refused (``IssueRefused``, each reason with where to put it right) for a device
    not in stock, a person whose staff type the organisation does not issue this
    kind to, or one who has not yet signed a declaration that must come first.
    """
    device = _lock(device)
    if device.status not in ISSUABLE:
        raise ValidationError(
            f"{device} is {_status_label(device)}: only a device in stock or returned can be issued."
        )
    _refuse_issue(person, device.kind)
    device.status = Status.ISSUED
    device.holder = person
    device.pool_team = None
    device.issued_on = timezone.localdate()
    device.save(update_fields=["status", "holder", "pool_team", "issued_on", "updated_at"])
    _history(device, Action.ISSUED, actor=actor, person=person)
    audit_log(
        action=DeviceAction.ISSUED,
        actor=actor,
        target=device,
        request=http_request,
        details={"person": person.email, "kind": device.kind},
    )
    _holdings_changed([person.pk])
    return device


def _take_back(device: Device, *, status: str, action: str, actor, note: str) -> list[int]:
    """Leave ``device`` held by nobody in ``status``; the ids of those who held it."""
    pool_users = _current_users(device)
    now = timezone.now()
    for pool_user in pool_users:
        pool_user.removed_at, pool_user.removed_by = now, actor
        pool_user.save(update_fields=["removed_at", "removed_by"])
    former = [device.holder_id, *(pool_user.person_id for pool_user in pool_users)]
    _history(device, action, actor=actor, person=device.holder, note=note)
    device.status, device.holder, device.pool_team, device.issued_on = status, None, None, None
    device.save(update_fields=["status", "holder", "pool_team", "issued_on", "updated_at"])
    return [pk for pk in former if pk]


@transaction.atomic
def device_return(
    *, device: Device, actor: User | None, note: str = "", http_request=None
) -> Device:
    """Record an issued device handed back: nobody holds it (a pool device's users too)."""
    device = _lock(device)
    if device.status != Status.ISSUED:
        raise ValidationError(
            f"{device} is {_status_label(device)}: only an issued device can be returned."
        )
    former = _take_back(
        device, status=Status.RETURNED, action=Action.RETURNED, actor=actor, note=note
    )
    audit_log(
        action=DeviceAction.RETURNED,
        actor=actor,
        target=device,
        request=http_request,
        details={"held_by": former, "note": note},
    )
    _holdings_changed(former)
    return device


@transaction.atomic
def device_mark_lost(
    *, device: Device, actor: User | None, note: str = "", http_request=None
) -> Device:
    """Record a device lost or stolen; whoever held it holds it no longer.

    Reporting it again (a lost-device report after the IT service desk was told)
    changes nothing.
    """
    device = _lock(device)
    if device.status == Status.LOST:
        return device
    if device.status not in LOSABLE:
        raise ValidationError(f"{device} is {_status_label(device)}: it cannot be reported lost.")
    former = _take_back(device, status=Status.LOST, action=Action.LOST, actor=actor, note=note)
    audit_log(
        action=DeviceAction.LOST,
        actor=actor,
        target=device,
        request=http_request,
        details={"held_by": former, "note": note},
    )
    _holdings_changed(former)
    return device


@transaction.atomic
def device_dispose(
    *, device: Device, actor: User | None, note: str = "", http_request=None
) -> Device:
    """Record a device disposed of; an issued device must be returned first."""
    device = _lock(device)
    if device.status not in DISPOSABLE:
        raise ValidationError(
            f"{device} is {_status_label(device)}: record it returned (or lost) before disposing of it."
        )
    _history(device, Action.DISPOSED, actor=actor, note=note)
    device.status = Status.DISPOSED
    device.save(update_fields=["status", "updated_at"])
    audit_log(
        action=DeviceAction.DISPOSED,
        actor=actor,
        target=device,
        request=http_request,
        details={"note": note},
    )
    return device


# Pool devices -------------------------------------------------------------------------


@transaction.atomic
def pool_create(*, device: Device, team: Team, actor: User | None, http_request=None) -> Device:
    """Make a device in stock (or returned) a pool device of ``team``, issued to the team
    and shared by the people then named on it (``pool_user_add``)."""
    device = _lock(device)
    if device.status not in ISSUABLE:
        raise ValidationError(
            f"{device} is {_status_label(device)}: only a device in stock or returned can join a pool."
        )
    device.status, device.holder, device.pool_team = Status.ISSUED, None, team
    device.issued_on = timezone.localdate()
    device.save(update_fields=["status", "holder", "pool_team", "issued_on", "updated_at"])
    _history(device, Action.ISSUED, actor=actor, note=f"Pool device of {team}")
    audit_log(
        action=DeviceAction.POOL_CREATED,
        actor=actor,
        target=device,
        request=http_request,
        details={"team": team.name},
    )
    return device


@transaction.atomic
def pool_user_add(
    *, device: Device, person: User, actor: User | None, http_request=None
) -> PoolUser:
    """Name ``person`` on an issued pool device; the checks of issuing apply to them."""
    device = _lock(device)
    if device.status != Status.ISSUED or not device.is_pool:
        raise ValidationError(f"{device} is not an issued pool device.")
    if device.pool_users.current().filter(person=person).exists():
        raise ValidationError(f"{person} is already named on {device}.")
    _refuse_issue(person, device.kind)
    pool_user = PoolUser.objects.create(
        device=device, person=person, added_at=timezone.now(), added_by=actor
    )
    _history(device, Action.POOL_USER_ADDED, actor=actor, person=person)
    audit_log(
        action=DeviceAction.POOL_USER_ADDED,
        actor=actor,
        target=device,
        request=http_request,
        details={"person": person.email},
    )
    _holdings_changed([person.pk])
    return pool_user


@transaction.atomic
def pool_user_remove(*, pool_user: PoolUser, actor: User | None, http_request=None) -> PoolUser:
    """Take ``person`` off a pool device; removing someone already removed changes nothing."""
    device = _lock(pool_user.device)
    pool_user = PoolUser.objects.select_for_update().get(pk=pool_user.pk)
    if pool_user.removed_at is not None:
        return pool_user
    pool_user.removed_at, pool_user.removed_by = timezone.now(), actor
    pool_user.save(update_fields=["removed_at", "removed_by"])
    _history(device, Action.POOL_USER_REMOVED, actor=actor, person=pool_user.person)
    audit_log(
        action=DeviceAction.POOL_USER_REMOVED,
        actor=actor,
        target=device,
        request=http_request,
        details={"person": pool_user.person.email},
    )
    _holdings_changed([pool_user.person_id])
    return pool_user


# Import and export ----------------------------------------------------------------------


@transaction.atomic
def devices_import(*, rows, actor: User | None, http_request=None) -> int:
    """Add the devices of a checked file (``importing.ImportRow``s), all or none.

    The file was checked when read; an asset tag someone recorded since is
    refused here, naming its line, and nothing is imported. Devices that were
    already issued are recorded as issued, without the checks of issuing: the
    import records what is already true. Returns the number of devices added.
    """
    tags = {row.values["asset_tag"].lower(): row.line for row in rows}
    taken = (
        Device.objects.annotate(tag=Lower("asset_tag"))
        .filter(tag__in=list(tags))
        .values_list("asset_tag", flat=True)
    )
    clashes = sorted((tags[tag.lower()], tag) for tag in taken if tag.lower() in tags)
    if clashes:
        raise ValidationError(
            [
                f"Line {line}: another device already has the asset tag {tag}."
                for line, tag in clashes
            ]
        )
    holders = []
    for row in rows:
        device = _save_new(Device(**_import_fields(row.values)))
        _history(device, Action.ADDED, actor=actor, note=f"Imported (line {row.line})")
        if device.status == Status.ISSUED:
            _history(device, Action.ISSUED, actor=actor, person=device.holder, note="Imported")
            holders.append(device.holder_id)
    audit_log(
        action=DeviceAction.IMPORTED,
        actor=actor,
        request=http_request,
        details={"rows": len(rows), "issued": len([pk for pk in holders if pk])},
    )
    _holdings_changed(holders)
    return len(rows)


IMPORT_FIELDS = (
    "kind",
    "asset_tag",
    "serial",
    "model",
    "status",
    "holder",
    "pool_team",
    "issued_on",
    "notes",
)


def _import_fields(values: dict) -> dict:
    fields = {name: values[name] for name in IMPORT_FIELDS if values.get(name) not in (None, "")}
    fields.setdefault(
        "status",
        Status.ISSUED if fields.get("holder") or fields.get("pool_team") else Status.IN_STOCK,
    )
    if fields["status"] == Status.ISSUED and not isinstance(fields.get("issued_on"), dt.date):
        fields["issued_on"] = timezone.localdate()
    return fields


def devices_export(*, actor: User | None, filters: dict, rows: int, http_request=None) -> None:
    """Record that ``actor`` exported the register (as filtered) to CSV."""
    audit_log(
        action=DeviceAction.EXPORTED,
        actor=actor,
        request=http_request,
        details={"filters": filters, "rows": rows},
    )
