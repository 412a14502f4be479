"""A member of staff reads their notifications."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from notifications.tests.factories import NotificationFactory
from tests.e2e.conftest import assert_accessible, screenshot, sign_in

EXAMPLES = [
    (
        "Your request to take a laptop abroad was approved",
        "Information Security approved your request to take laptop LT-0412 to France from 3 to 10 March. Take the security advice with you.",
        "/requests/",
    ),
    (
        "Annual declaration due by 31 March",
        "Please confirm that you have read the IT and social media policies and declare any personal accounts that mention your work.",
        "/declarations/",
    ),
    (
        "Password change required for @ExampleOPCC",
        "The communications team removed access for a leaver. Register a new password for the account within 48 hours.",
        "/social-media-accounts/",
    ),
    (
        "Test email from the staff policy portal",
        "You asked the staff policy portal to send you a test email. It has reached you, so email from the portal works for you.",
        "/notifications/",
    ),
]


def _notifications_for(person):
    now = timezone.now()
    created = []
    for hours, (subject, text, link) in enumerate(EXAMPLES):
        notification = NotificationFactory(
            recipient=person,
            subject=subject,
            body_text=f"Hello {person.get_short_name()},\n\n{text}\n\nSee it: {link}\n",
            link=link,
            read_at=now if hours >= 2 else None,
        )
        notification.created_at = now - dt.timedelta(hours=hours * 7)
        notification.save(update_fields=["created_at"])
        created.append(notification)
    return created


def test_lists_my_notifications_and_marks_them_read(page, live_server, person, password):
    _notifications_for(person)
    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Notifications 2 unread").click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_text("You have 2 unread.")).to_be_visible()
    screenshot(page, "notifications-list")
    assert_accessible(page, "Notifications")

    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    expect(page.get_by_text("All your notifications are marked as read.")).to_be_visible()
    expect(page.get_by_text("You have read them all.")).to_be_visible()
    screenshot(page, "notifications-list-read")
    assert_accessible(page, "Notifications, all read")


def test_shows_an_empty_list_plainly(page, live_server, person, password):
    sign_in(page, live_server, person.email, password)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text("You have no notifications yet.")).to_be_visible()
    screenshot(page, "notifications-empty")
    assert_accessible(page, "Notifications, none")
