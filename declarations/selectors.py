"""Reading declarations, policies and kinds for the pages (a fixed number of queries each)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from devices.selectors import devices_held_by, holders_of
from kernel.device_kinds import DeviceKind
from staff.models import User

from .models import (
    ORIGINAL_FILE_MAX_BYTES,
    Declaration,
    DeclarationKind,
    Policy,
    PolicyVersion,
    Requirement,
)


def outstanding_requirements(user) -> QuerySet[Requirement]:
    """What ``user`` still has to sign, soonest due first (extensions counted)."""
    return (
        Requirement.objects.outstanding()
        .filter(user=user)
        .select_related("kind", "kind__policy")
        .annotate(due=Coalesce("extended_to", "due_date"))
        .order_by("due", "kind__order", "pk")
    )


def version_to_sign(requirement: Requirement) -> PolicyVersion | None:
    """The text a person signs: the current published version of the kind's policy."""
    return requirement.kind.policy.current_version()


def declarations_of(user) -> QuerySet[Declaration]:
    """Everything ``user`` has signed, newest first, with the signed record of each."""
    return (
        Declaration.objects.filter(user=user)
        .select_related("kind", "version", "version__policy", "record", "requirement")
        .order_by("-signed_at", "-pk")
    )


def _published_newest_first():
    return PolicyVersion.objects.filter(status=PolicyVersion.Status.PUBLISHED).order_by("-published_at", "-pk")


def policies_with_current_version() -> list[Policy]:
    """Every policy, each with its current version already loaded (two queries)."""
    policies = list(
        Policy.objects.select_related("owner_role").prefetch_related(
            Prefetch("versions", queryset=_published_newest_first(), to_attr="published_versions")
        )
    )
    for policy in policies:
        policy._current_version = policy.published_versions[0] if policy.published_versions else None
    return policies


def policy_history(policy: Policy, *, with_drafts: bool) -> QuerySet[PolicyVersion]:
    """A policy's versions, newest first; drafts only when asked."""
    versions = policy.versions.select_related("published_by")
    if not with_drafts:
        versions = versions.filter(status=PolicyVersion.Status.PUBLISHED)
    return versions.order_by("-published_at", "-created_at", "-pk")


def kinds_for_administration() -> QuerySet[DeclarationKind]:
    return (
        DeclarationKind.objects.select_related("policy")
        .prefetch_related("audience_teams")
        .annotate(
            statement_count=Count("statements", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("order", "name")
    )


def kinds_covering(policy: Policy) -> QuerySet[DeclarationKind]:
    return policy.declaration_kinds.filter(active=True).order_by("order", "name")


def device_holders(*, q: str = "", device_kind: str = "") -> QuerySet[User]:
    """Current staff holding an issued device (of ``device_kind`` if given), each with
    ``held``: the devices they hold, from the device register."""
    people = holders_of([device_kind] if device_kind else DeviceKind.values).filter(
        pk__in=User.objects.current().values("pk")
    )
    if q:
        people = people.filter(
            Q(full_name__icontains=q) | Q(email__icontains=q) | Q(team__name__icontains=q)
        )
    return people.select_related("team").order_by("full_name", "pk")


def with_devices_held(people) -> list[User]:
    """``people`` each with ``held``, the list of devices they hold now."""
    people = list(people)
    for person in people:
        person.held = list(devices_held_by(person))
    return people


@dataclass(frozen=True)
class StoredOriginal:
    """What storage holds as a version's original document, against the SHA-256 taken at upload."""

    recorded_sha256: str
    found: bool
    stored_sha256: str = ""
    data: bytes | None = field(default=None, repr=False)

    @property
    def recorded(self) -> bool:
        """Whether a SHA-256 was taken when the file was uploaded."""
        return bool(self.recorded_sha256)

    @property
    def matches(self) -> bool:
        return self.recorded and self.found and self.stored_sha256 == self.recorded_sha256

    @property
    def changed(self) -> bool:
        """The stored file is not the one uploaded: it was replaced or altered since."""
        return self.recorded and self.found and not self.matches


# How long a page trusts an earlier check of an original whose stored size and time
# have not changed since.
ORIGINAL_CHECK_SECONDS = 3600


def original_checked(version: PolicyVersion) -> StoredOriginal | None:
    """For the pages: what ``stored_original`` finds, without the content, remembered
    while the stored file keeps its size and time, so that showing a policy does not
    read its whole document (up to 10 MB, perhaps from a bucket) every time. Downloads
    read the file and check it in full, every time."""
    if not version.original_file:
        return None
    name = version.original_file.name
    try:
        stamp = f"{default_storage.size(name)}:{default_storage.get_modified_time(name).timestamp()}"
    except Exception:  # no such file, or storage cannot say: check it in full
        return _without_content(stored_original(version))
    seen = hashlib.sha256(f"{name}|{version.original_sha256}|{stamp}".encode()).hexdigest()
    key = f"policy-original-checked:{version.pk}:{seen}"
    checked = cache.get(key)
    if checked is None:
        checked = _without_content(stored_original(version))
        cache.set(key, checked, ORIGINAL_CHECK_SECONDS)
    return checked


def _without_content(original: StoredOriginal | None) -> StoredOriginal | None:
    return replace(original, data=None) if original is not None else None


def stored_original(version: PolicyVersion) -> StoredOriginal | None:
    """The stored original document of ``version``, checked; None if it has none.

    A stored file larger than any upload allowed cannot be the one uploaded: it is
    reported as changed without being read.
    """
    if not version.original_file:
        return None
    recorded = version.original_sha256
    try:
        with default_storage.open(version.original_file.name, "rb") as handle:
            if handle.size > ORIGINAL_FILE_MAX_BYTES:
                return StoredOriginal(recorded_sha256=recorded, found=True)
            data = handle.read()
    except FileNotFoundError:
        return StoredOriginal(recorded_sha256=recorded, found=False)
    return StoredOriginal(
        recorded_sha256=recorded, found=True, stored_sha256=hashlib.sha256(data).hexdigest(), data=data
    )
