"""The one way to tell someone something: a notification row, then an email."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification


def render_message(name: str, context: dict) -> tuple[str, str, str]:
    """Render ``emails/<name>-subject.txt``, ``-body.txt`` and ``-body.html``."""
    context = {
        "organisation_name": settings.ORGANISATION_NAME,
        "site_url": settings.SITE_URL,
        **context,
    }
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    subject = " ".join(subject.split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def message_id(notification: Notification) -> str:
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:32]
    return f"{digest}@{settings.ORGANISATION_EMAIL_DOMAIN}"


@transaction.atomic
def notify(
    *,
    recipient,
    kind: str,
    key: str,
    context: dict | None = None,
    link: str = "",
    email: bool = True,
) -> Notification:
    """Tell ``recipient`` about something, once.

    The row is created in the caller's transaction; the email is queued only after
    that transaction commits. ``key`` identifies this notification: a second call
    with the same key (a retried or re-run job) returns the existing row and sends
    nothing.
    """
    existing = Notification.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    subject, text, html = render_message(
        kind, {"recipient": recipient, "link": link, **(context or {})}
    )
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject[:200],
        body_text=text,
        body_html=html,
        link=link,
        idempotency_key=key,
        email_status=(
            Notification.EmailStatus.PENDING if email else Notification.EmailStatus.NOT_SENT
        ),
    )
    if email:
        from .tasks import send_notification_email as send_notification_email_task

        transaction.on_commit(lambda: send_notification_email_task.delay(notification.pk))
    return notification


def notification_send_email(*, notification_id: int) -> bool:
    """Send the email of one notification unless it has been sent; True if sent now.

    The row is locked while sending, so two workers running the same job cannot
    both send it, and a job that runs again after success finds it sent.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .get(pk=notification_id)
        )
        if notification.email_status != Notification.EmailStatus.PENDING:
            return False
        notification.email_attempts += 1
        message = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notification.subject,
            body=notification.body_text,
            to=[notification.recipient.email],
            # The same notification always has the same Message-ID, so a mail server
            # can recognise a duplicate delivery.
            headers={"Message-ID": f"<{message_id(notification)}>"},
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        message.send()
        notification.email_status = Notification.EmailStatus.SENT
        notification.email_sent_at = timezone.now()
        notification.email_error = ""
        notification.save(
            update_fields=["email_status", "email_sent_at", "email_attempts", "email_error"]
        )
    return True


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
