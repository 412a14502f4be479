"""The one way to tell someone something: a notification row, then an email."""

from __future__ import annotations

import hashlib
import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.crypto import get_random_string

from audit.services import audit_log

from .audit_actions import NotificationAction
from .models import Notification

logger = logging.getLogger(__name__)

# Longer than the longest wait between two attempts of one email
# (tasks.RETRY_BACKOFF_MAX), so an email still being retried is never queued twice.
LOST_EMAIL_AFTER = timedelta(minutes=45)

# Enough test emails to try again after fixing something, too few to flood the
# mail queue or anyone's inbox.
TEST_EMAILS_PER_HOUR = 5


def render_message(name: str, context: dict) -> tuple[str, str, str]:
    """Render ``emails/<name>-subject.txt``, ``-body.txt`` and ``-body.html``.

    The subject and the text part are plain text: they are rendered without HTML
    escaping, so "O'Brien" stays "O'Brien". The HTML part is escaped as usual.
    """
    context = {
        "organisation_name": settings.ORGANISATION_NAME,
        "site_url": settings.SITE_URL,
        **context,
    }
    subject = " ".join(_render_plain(f"emails/{name}-subject.txt", context).split())
    text = _render_plain(f"emails/{name}-body.txt", context).strip() + "\n"
    html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def _render_plain(template_name: str, context: dict) -> str:
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def message_id(notification: Notification) -> str:
    """The email's Message-ID: always the same for one notification, so a resent copy
    is recognisable as a duplicate."""
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@{settings.ORGANISATION_EMAIL_DOMAIN}>"


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

    ``kind`` names the email templates (``emails/<kind>-*``) and ``link`` is a path
    in the portal. The row is created in the caller's transaction; the email is
    queued only after that transaction commits, and only to an active person. ``key``
    identifies this notification: a second call with the same key (a retried or
    re-run job, or a concurrent one) returns the existing row and sends nothing.
    """
    existing = Notification.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    subject, text, html = render_message(
        kind, {"recipient": recipient, "link": link, **(context or {})}
    )
    send_email = email and _can_email(recipient)
    try:
        # A savepoint: losing the race for the key to a concurrent transaction must
        # not spoil the caller's transaction.
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=subject[:200],
                body_text=text,
                body_html=html,
                link=link,
                idempotency_key=key,
                email_status=(
                    Notification.EmailStatus.PENDING
                    if send_email
                    else Notification.EmailStatus.NOT_SENT
                ),
                email_queued_at=timezone.now() if send_email else None,
            )
    except IntegrityError:
        existing = Notification.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing
    if send_email:
        # robust: the change being notified is committed whatever happens here; an
        # email that could not be queued is picked up by send_pending_emails.
        transaction.on_commit(partial(_queue_email, notification.pk), robust=True)
    return notification


@transaction.atomic
def notification_send_test(*, recipient) -> Notification:
    """Send ``recipient`` a test email, to check that email from the portal reaches them.

    Each one is a new notification (its key is random), so a person can try again,
    up to ``TEST_EMAILS_PER_HOUR`` times an hour; beyond that ``ValidationError``.
    """
    # Locking the person counts requests made at the same moment one after another.
    get_user_model().objects.select_for_update().only("pk").get(pk=recipient.pk)
    sent = Notification.objects.filter(
        recipient=recipient,
        kind="test_message",
        created_at__gt=timezone.now() - timedelta(hours=1),
    ).count()
    if sent >= TEST_EMAILS_PER_HOUR:
        raise ValidationError(
            f"You have asked for {TEST_EMAILS_PER_HOUR} test emails in the last hour. "
            "Wait a while, then try again."
        )
    return notify(
        recipient=recipient,
        kind="test_message",
        key=f"test_message:{recipient.pk}:{get_random_string(16)}",
        link="/notifications/",
    )


def _can_email(user) -> bool:
    return bool(user.is_active and user.email)


def _queue_email(notification_id: int) -> None:
    from .tasks import send_notification_email as send_notification_email_task

    send_notification_email_task.delay(notification_id)


def email_queue(message: EmailMultiAlternatives) -> None:
    """Send an already rendered email from the worker once the caller's transaction commits.

    For emails that belong to no notification, such as allauth's password reset
    link: they are sent by Celery with retries like every other email, never
    inside the web request.
    """
    from .tasks import send_email_message as send_email_message_task

    data = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [list(alt) for alt in getattr(message, "alternatives", [])],
    }
    transaction.on_commit(partial(send_email_message_task.delay, data), robust=True)


def email_send(data: dict) -> None:
    """Send an email queued by email_queue()."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()


def notification_send_email(*, notification_id: int, last_attempt: bool = False) -> bool:
    """Send the email of one notification unless it has been sent; True if sent now.

    The row stays locked while the mail server receives the message, so two
    workers given the same job cannot both send it, and a job that runs again
    after success finds it sent. If the worker dies before the server accepts the
    message, the lock and the transaction go with it and the next attempt sends.

    A failed attempt is recorded. A temporary failure is raised again (the task
    retries it) and gives up on ``last_attempt``; a refusal by the mail server
    (5xx) or an unexpected error marks the email failed at once.
    """
    failure = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.email_status != Notification.EmailStatus.PENDING:
            return False
        if not _can_email(notification.recipient):
            notification.email_status = Notification.EmailStatus.NOT_SENT
            notification.save(update_fields=["email_status"])
            return False
        notification.email_attempts += 1
        try:
            _email_message(notification).send()
        except Exception as exc:
            failure = exc
            _record_failure(notification, exc, give_up=last_attempt or not _is_temporary(exc))
        else:
            notification.email_status = Notification.EmailStatus.SENT
            notification.email_sent_at = timezone.now()
            notification.email_error = ""
            notification.save(
                update_fields=["email_status", "email_sent_at", "email_attempts", "email_error"]
            )
    if failure is None:
        return True
    if _is_refusal(failure):
        logger.warning("The mail server refused notification %s: %s", notification_id, failure)
        return False
    raise failure


def _automatic_email(
    *, subject: str, text: str, html: str, to: str, headers: dict | None = None
) -> EmailMultiAlternatives:
    """An email from the portal, marked automatic: no out-of-office or other replies to it."""
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All", **(headers or {})},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _email_message(notification: Notification) -> EmailMultiAlternatives:
    return _automatic_email(
        subject=notification.subject,
        text=notification.body_text,
        html=notification.body_html,
        to=notification.recipient.email,
        headers={"Message-ID": message_id(notification)},
    )


def email_address_tell(*, address: str, name: str, context: dict) -> None:
    """Email an address that belongs to nobody's account (e.g. one just given up), after commit.

    For telling a former address about a change to the account it used to open;
    everything addressed to a person goes through ``notify`` instead.
    """
    subject, text, html = render_message(name, context)
    email_queue(_automatic_email(subject=subject, text=text, html=html, to=address))


def _record_failure(notification: Notification, exc: Exception, *, give_up: bool) -> None:
    notification.email_error = f"{type(exc).__name__}: {exc}"[:500]
    notification.email_queued_at = timezone.now()
    if give_up:
        notification.email_status = Notification.EmailStatus.FAILED
    notification.save(
        update_fields=["email_status", "email_attempts", "email_error", "email_queued_at"]
    )


def _is_refusal(exc: Exception) -> bool:
    """The mail server answered with a permanent error: trying again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _is_temporary(exc: Exception) -> bool:
    """Network trouble or a 4xx answer: worth trying again later."""
    return isinstance(exc, OSError) and not _is_refusal(exc)


def notifications_requeue_lost_emails(*, lost_after: timedelta = LOST_EMAIL_AFTER) -> int:
    """Queue again the emails that have waited ``lost_after`` with nothing trying to send them.

    Their task was lost: the broker was unreachable when it was queued, or a worker
    was killed on a broker that cannot give the message back (the embedded
    filesystem broker). Sending is idempotent, so a duplicate does no harm.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.email_lost(queued_before=now - lost_after)
            .order_by("email_queued_at")
            .values_list("pk", flat=True)[:500]
        )
        Notification.objects.filter(pk__in=ids).update(email_queued_at=now)
        for pk in ids:
            transaction.on_commit(partial(_queue_email, pk), robust=True)
    return len(ids)


@transaction.atomic
def notification_email_resend(*, notification_id: int, actor, request=None) -> bool:
    """Try again to send an email that failed (e.g. once the mail settings are fixed).

    Returns False, changing nothing, unless the email had failed.
    """
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    if notification.email_status != Notification.EmailStatus.FAILED:
        return False
    notification.email_status = Notification.EmailStatus.PENDING
    notification.email_queued_at = timezone.now()
    notification.save(update_fields=["email_status", "email_queued_at"])
    audit_log(
        action=NotificationAction.EMAIL_RESENT,
        actor=actor,
        target=notification,
        request=request,
        details={"kind": notification.kind, "previous_error": notification.email_error},
    )
    transaction.on_commit(partial(_queue_email, notification.pk), robust=True)
    return True


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> None:
    """Mark one notification read (it stays read if it already was)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
