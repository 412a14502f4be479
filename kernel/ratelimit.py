"""Counting requests per minute in the cache, for pages that are costly to answer."""

from __future__ import annotations

import time

from django.core.cache import cache


def within_rate_limit(name: str, who: str, *, per_minute: int) -> bool:
    """Count one request by ``who`` to ``name``; False once over ``per_minute`` this minute.

    The count lives in the cache, shared by every worker when the cache is (Redis
    or the database), in fixed one-minute windows.
    """
    key = f"ratelimit:{name}:{who}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's count expired between the two calls
        count = 1
        cache.set(key, count, timeout=120)
    return count <= per_minute
