"""The production compose file: no mail catcher by default, nothing bypasses the proxy.

Docker is not available where the tests run, so the file is read as YAML and
checked for what matters: the settings that production requires are required
here too, ports are bound to this machine only, and the client's address is read
through exactly the one proxy in front.
"""

from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text())
PORTAL_SERVICES = ["migrate", "web", "worker", "beat"]


def test_email_url_is_required_not_defaulted_to_the_mail_catcher():
    for name in PORTAL_SERVICES:
        email_url = COMPOSE["services"][name]["environment"]["EMAIL_URL"]
        assert email_url.startswith("${EMAIL_URL:?"), name


def test_the_mail_catcher_is_opt_in():
    assert COMPOSE["services"]["mail"]["profiles"] == ["mailcatcher"]


def test_every_published_port_is_bound_to_this_machine_only():
    for name, service in COMPOSE["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_the_portal_trusts_the_one_proxy_in_front():
    for name in PORTAL_SERVICES:
        assert COMPOSE["services"][name]["environment"]["TRUSTED_PROXY_COUNT"] == (
            "${TRUSTED_PROXY_COUNT:-1}"
        )


def test_the_secrets_production_requires_are_required():
    for name in PORTAL_SERVICES:
        environment = COMPOSE["services"][name]["environment"]
        for secret in ("SECRET_KEY", "AUDIT_CHAIN_KEY", "CREDENTIAL_KEYS"):
            assert environment[secret].startswith(f"${{{secret}:?"), (name, secret)
