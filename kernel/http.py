"""Facts about the HTTP request that several apps record: who sent it, with what.

Behind reverse proxies (the TLS proxy of the documented deployment), the socket's
address is the nearest proxy's. Each trusted proxy appends the address it saw to
``X-Forwarded-For``, so with ``TRUSTED_PROXY_COUNT`` proxies in front of the portal
the client is the entry that many places from the right. Entries further left are
whatever the client chose to send and are never believed; with no trusted proxy
the header is ignored altogether. allauth's rate limits read the same setting
(``ALLAUTH_TRUSTED_PROXY_COUNT``), so they count the same address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address the request came from, or None without a request."""
    if request is None:
        return None
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted > 0 and forwarded:
        hops = forwarded.split(",")
        if len(hops) >= trusted:
            address = _valid_ip(hops[-trusted])
            if address:
                return address
    return _valid_ip(request.META.get("REMOTE_ADDR", "")) or None


def user_agent(request, *, limit: int = 300) -> str:
    """The browser's description of itself, cut to ``limit`` characters."""
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:limit]
