import pytest

from .smtp import RecordingHandler, SMTPServer


@pytest.fixture
def smtp_server():
    """Factory: start a real SMTP server on a free local port; stopped after the test."""
    servers = []

    def start(**handler_options) -> SMTPServer:
        server = SMTPServer(RecordingHandler(**handler_options))
        server.controller.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.handler.release.set()
        server.controller.stop()


@pytest.fixture
def smtp_settings(settings):
    """Factory: send this test's email through ``server`` instead of the outbox."""

    def use(server: SMTPServer) -> None:
        for name, value in server.django_settings().items():
            setattr(settings, name, value)

    return use
