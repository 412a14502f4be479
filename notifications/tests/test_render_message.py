from django.test import override_settings

from notifications.services import render_message
from staff.tests.factories import UserFactory


@override_settings(ORGANISATION_NAME="Office of the Police & Crime Commissioner", SITE_URL="https://portal.example.org")
def test_renders_subject_text_and_html_from_the_templates(db):
    recipient = UserFactory(full_name="D'Arcy <Smith>")
    subject, text, html = render_message(
        "test_message", {"recipient": recipient, "link": "/notifications/"}
    )
    assert subject == "Test email from the staff policy portal"
    assert text.startswith("Hello D'Arcy,\n\n")
    assert "https://portal.example.org/notifications/" in text
    # Plain text is not HTML-escaped...
    assert "Office of the Police & Crime Commissioner" in text
    assert "&amp;" not in text and "&#x27;" not in text
    # ...while the HTML part is.
    assert "Hello D&#x27;Arcy," in html
    assert "Police &amp; Crime" in html
    assert 'href="https://portal.example.org/notifications/"' in html


def test_the_subject_is_one_line(db):
    subject, _, _ = render_message("test_message", {"recipient": UserFactory(), "link": "/"})
    assert "\n" not in subject
