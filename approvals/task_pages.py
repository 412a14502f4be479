"""Tasks that are done on a page of their own.

The task list is one list, but some work needs more than "done, with a note": a
leaver's device is either recovered or lost, and each answer does something. The app
that makes such tasks, above this one, registers the page for the keys it uses; the
task page then sends people there, so nobody ticks the task past what it needs.
"""

from __future__ import annotations

from collections.abc import Callable

_PAGES: list[tuple[str, Callable]] = []


def register_task_page(key_prefix: str, url_for: Callable) -> None:
    """Tasks whose key starts with ``key_prefix`` are done at ``url_for(task)`` (a path,
    or None when that task has no page of its own after all)."""
    _PAGES.append((key_prefix, url_for))


def task_page_url(task) -> str | None:
    """Where ``task`` is done, when that is not the task page."""
    for key_prefix, url_for in _PAGES:
        if task.key.startswith(key_prefix):
            return url_for(task)
    return None
