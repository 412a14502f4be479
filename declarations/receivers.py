"""How declarations follow the device register and the staff records.

* Issue check: a device of a kind listed in a declaration kind's
  ``device_kinds_before_issue`` is issued only to someone who has signed that
  declaration (e.g. the security operating procedures before a phone or tablet).
  A refusal names the declaration and links to where the person signs it.
* Holdings: when who holds what changes, the requirements of the people concerned
  are brought up to date at once, so issuing a phone makes the yearly
  mobile-device declaration due and returning the last one lapses it (the
  nightly run would catch up anyway).
* Staff records: a person created, moved to another team or staff type, given new
  dates, deactivated or reactivated has their requirements brought up to date the
  same way.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse

from devices.models import DeviceKind
from devices.rules import IssueRefusal, register_issue_check
from devices.signals import holdings_changed
from staff.signals import staff_changed

from .models import Declaration, DeclarationKind, Requirement
from .requirements import requirements_refresh


@register_issue_check
def unsigned_declarations(person, device_kind: str) -> list[IssueRefusal]:
    """A refusal for each declaration ``person`` must sign before holding a ``device_kind``."""
    kinds = [
        kind
        for kind in DeclarationKind.objects.filter(active=True).select_related("policy")
        if device_kind in kind.device_kinds_before_issue
    ]
    return [_refusal(person, kind, device_kind) for kind in kinds if not _has_signed(person, kind)]


def _has_signed(person, kind: DeclarationKind) -> bool:
    return (
        Requirement.objects.filter(
            user=person, kind=kind, status=Requirement.Status.SIGNED
        ).exists()
        or Declaration.objects.filter(user=person, kind=kind).exists()
    )


def _refusal(person, kind: DeclarationKind, device_kind: str) -> IssueRefusal:
    due = Requirement.objects.outstanding().filter(user=person, kind=kind).first()
    link = reverse("declarations:sign", args=[due.pk]) if due else kind.policy.get_absolute_url()
    device = DeviceKind(device_kind).label.lower()
    return IssueRefusal(
        message=f"{person} has not signed the {kind.name}, which must be signed before a "
        f"{device} is issued.",
        link=link,
    )


@receiver(holdings_changed, dispatch_uid="declarations.holdings_changed")
def refresh_after_holdings_changed(sender, user_ids, **kwargs) -> None:
    requirements_refresh(users=user_ids)


@receiver(staff_changed, dispatch_uid="declarations.staff_changed")
def refresh_after_staff_changed(sender, user_ids, **kwargs) -> None:
    """A new starter, a move to another team, a leaving date: what people owe follows at once."""
    requirements_refresh(users=user_ids)
