"""Requests counted per minute in the cache."""

import uuid

import time_machine

from kernel.ratelimit import within_rate_limit


def test_allows_up_to_the_limit_in_a_minute_then_refuses():
    page = f"page-{uuid.uuid4()}"  # its own counts, whatever the shared cache holds
    with time_machine.travel("2026-11-27 10:00:05", tick=False):
        answers = [within_rate_limit(page, "198.51.100.7", per_minute=3) for _ in range(4)]
    assert answers == [True, True, True, False]


def test_counts_each_client_apart_and_starts_again_next_minute():
    page = f"page-{uuid.uuid4()}"  # its own counts, whatever the shared cache holds
    with time_machine.travel("2026-11-27 10:00:05", tick=False):
        assert within_rate_limit(page, "a", per_minute=1)
        assert not within_rate_limit(page, "a", per_minute=1)
        assert within_rate_limit(page, "b", per_minute=1)
    with time_machine.travel("2026-11-27 10:01:05", tick=False):
        assert within_rate_limit(page, "a", per_minute=1)
