"""The client's address, directly and behind the trusted proxies."""

import pytest
from allauth.core.internal.httpkit import get_client_ip as allauth_client_ip
from django.test import RequestFactory

from kernel.http import client_ip


def request_from(remote_addr: str, forwarded_for: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_a_proxy_it_is_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("198.51.100.7")) == "198.51.100.7"


def test_without_a_proxy_a_forged_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("198.51.100.7", "203.0.113.99")) == "198.51.100.7"


def test_behind_one_proxy_it_is_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "203.0.113.5"


def test_behind_one_proxy_what_the_client_forged_before_it_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "192.0.2.66, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"


def test_behind_two_proxies_it_counts_two_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "192.0.2.66, 203.0.113.5, 10.0.0.2")
    assert client_ip(request) == "203.0.113.5"


@pytest.mark.parametrize("forwarded_for", ["", "not-an-address", "203.0.113.5:4430"])
def test_a_missing_or_unreadable_forwarded_for_falls_back_to_the_socket(settings, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded_for)) == "10.0.0.2"


@pytest.mark.parametrize("count", [0, 1])
def test_sign_in_rate_limits_count_the_same_address(settings, count):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    request = request_from("10.0.0.2", "192.0.2.66, 203.0.113.5")
    assert allauth_client_ip(request) == client_ip(request)


def test_the_settings_give_allauth_the_same_count():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
