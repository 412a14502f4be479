"""A real SMTP server (aiosmtpd) in the test process, to send notification emails to."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps every message it accepts.

    ``hold_first``: the first message is held after its data has arrived but before
    it is accepted (``holding`` is set meanwhile) until ``release`` is set, then
    refused with a temporary error, so it is never delivered.
    ``refuse_recipients``: every recipient is refused for good (550).
    """

    def __init__(self, *, hold_first: bool = False, refuse_recipients: bool = False):
        self.messages: list[EmailMessage] = []
        self.hold_first = hold_first
        self.refuse_recipients = refuse_recipients
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first:
            self.hold_first = False
            self.holding.set()
            while not self.release.is_set():
                # Wait without blocking the server's event loop: other sessions go on.
                await asyncio.sleep(0.05)
            return "451 4.3.0 Delivery abandoned, try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 Message accepted for delivery"


class SMTPServer:
    def __init__(self, handler: RecordingHandler):
        self.handler = handler
        self.port = free_port()
        self.controller = Controller(handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def django_settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 10,
        }
