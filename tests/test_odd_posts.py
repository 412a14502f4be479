"""No form answers a server error, whatever is posted to it and by whom.

Every URL of the URL conf that accepts POST (allauth's and the admin's included)
is sent, as an anonymous visitor and as each persona, an empty body and then its
form's fields (read from the page, plus the names views commonly read) filled
with an unknown email address, an unknown id, over-long text and bytes that are
not UTF-8. URL arguments name nothing that exists. A refusal, a 404 or the form
again with its errors are all fine answers; a 5xx never is.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .url_walk import PERSONAS, UNKNOWN_ID, all_routes, persona_user, sample_url, sign_in

URLENCODED = "application/x-www-form-urlencoded"
UNKNOWN_EMAIL = "nobody.known@opcc.example.org"
LONGEST = 100_000
# Names views and allauth read that a page may not show (htmx endpoints, hidden steps).
COMMON_FIELDS = {
    "email", "login", "password", "password1", "password2", "oldpassword", "code",
    "reason", "q", "name", "title", "pk", "id", "person", "user", "next", "action",
    "confirm", "csv", "file", "reference", "credential",
}  # fmt: skip


class _FieldNames(HTMLParser):
    """The names of a page's form fields, and which of them take files."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.file_names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "select", "textarea", "button") and name:
            self.names.add(name)
            if tag == "input" and attrs.get("type") == "file":
                self.file_names.add(name)


def form_fields(client, url) -> tuple[set[str], set[str]]:
    """The field names the page at ``url`` offers, with the common ones, and its file fields."""
    parser = _FieldNames()
    response = client.get(url)
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode(errors="replace"))
    names = (parser.names | COMMON_FIELDS) - {"csrfmiddlewaretoken"}
    return names, parser.file_names


def odd_bodies(names: set[str], file_names: set[str]):
    """(description, keyword arguments for Client.post) for each odd body."""
    # Long, but together under the upload limit, so the forms read them rather than
    # the request being refused as too big (which is a fine answer too).
    length = min(LONGEST, settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (2 * len(names)))

    def filled(value: str) -> dict:
        return {
            name: SimpleUploadedFile("sample.csv", value.encode()) if name in file_names else value
            for name in names
        }

    yield "an unknown email", {"data": filled(UNKNOWN_EMAIL)}
    yield "an unknown id", {"data": filled(UNKNOWN_ID)}
    yield "over-long values", {"data": filled("9" * length)}
    # Bytes that are not UTF-8, %-escaped and raw, in a body of the form's own type.
    not_utf8 = b"&".join(name.encode() + b"=%FF%FE\xff\xfe\xc3(" for name in names)
    yield "non-UTF-8 bytes", {"data": not_utf8, "content_type": URLENCODED}


def is_refusal(response) -> bool:
    """A 403, or a redirect to sign in: the view refused before reading the form."""
    location = response.get("Location", "")
    return response.status_code == 403 or (
        response.status_code == 302
        and (location.startswith(reverse(settings.LOGIN_URL)) or "/django-admin/login/" in location)
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_post_answers_a_server_error(db, client, settings, persona):
    # Reach every form every time: a 429 would be a fine answer, but would hide the form.
    settings.ACCOUNT_RATE_LIMITS = False
    client.raise_request_exception = False
    user = None if persona == "anonymous" else persona_user(persona)
    if user:
        sign_in(client, user)
    problems = []

    def post(url, description, **kwargs):
        response = client.post(url, **kwargs)
        if response.status_code >= 500:
            error = repr(response.exc_info[1])[:300] if response.exc_info else ""
            problems.append(f"{url} with {description}: {response.status_code} {error}")
        if user and not response.wsgi_request.user.is_authenticated:
            sign_in(client, user)  # a sign-out URL: carry on as the same person
        return response

    for route in all_routes():
        url = sample_url(route, int_value=UNKNOWN_ID)
        response = post(url, "an empty body", data="", content_type=URLENCODED)
        if response.status_code == 405 or is_refusal(response):
            continue  # no form here, or none for this person
        for description, kwargs in odd_bodies(*form_fields(client, url)):
            post(url, description, **kwargs)
    assert not problems, f"as {persona}:\n" + "\n".join(problems)
