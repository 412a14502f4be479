"""Sections of the 'My tasks' dashboard.

Each app that gives people something to do registers a function here that
returns the person's items (at most a handful, with a link to the full list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Section:
    key: str
    title: str
    empty_text: str
    items: list = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""
    # How many there are in all, when more than the items shown.
    count: int | None = None


_PROVIDERS: list[Callable] = []


def dashboard_section(provider: Callable) -> Callable:
    """Register ``provider(user) -> Section | None`` as a dashboard section."""
    _PROVIDERS.append(provider)
    return provider


def dashboard_sections(user) -> list[Section]:
    sections = [provider(user) for provider in _PROVIDERS]
    return [section for section in sections if section is not None]
