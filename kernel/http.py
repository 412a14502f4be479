"""Facts about the HTTP request that several apps record."""

from __future__ import annotations


def client_ip(request) -> str | None:
    """The address the request came from, or None without a request."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def user_agent(request, *, limit: int = 300) -> str:
    """The browser's description of itself, cut to ``limit`` characters."""
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:limit]
