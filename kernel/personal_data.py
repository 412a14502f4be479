"""What the portal holds about a person, gathered for them to download.

Each app that keeps something about people has a ``personal_data`` module whose
functions, registered with ``@personal_data(order)``, return that app's parts for
one person: a title, a line saying what it is, and rows of plain values (text,
numbers, dates) ready to be written as JSON. A part may carry files too (the
person's signed records). Secrets are never part of it: a provider leaves out
passwords, credentials and second-factor keys, and anything the portal hides from
the person on its own pages (an internal investigation about them) stays hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.fields.files import FieldFile


@dataclass
class PersonalFile:
    """A stored file (a model's ``FileField`` value) to include as it is, under ``name``
    in the download. It is read only when the download is written."""

    name: str
    stored: FieldFile

    def read(self) -> bytes:
        with self.stored.open("rb") as handle:
            return handle.read()


@dataclass
class Part:
    key: str
    title: str
    description: str
    rows: list[dict] = field(default_factory=list)
    files: list[PersonalFile] = field(default_factory=list)


_PROVIDERS: list[tuple[int, Callable]] = []


def personal_data(order: int) -> Callable[[Callable], Callable]:
    """Register ``provider(user) -> list[Part]``; parts are listed by ``order``."""

    def register(provider: Callable) -> Callable:
        _PROVIDERS.append((order, provider))
        return provider

    return register


def personal_data_parts(user) -> list[Part]:
    """Every part the apps hold about ``user``, in order."""
    parts = []
    for _, provider in sorted(_PROVIDERS, key=lambda entry: entry[0]):
        parts.extend(provider(user))
    return parts
