"""Nothing sent to a signed-in person is kept in a browser's cache.

Every URL of the URL conf is requested (GET) as each signed-in persona; every
answer, whether a page, a download, a redirect or a refusal, must say
``Cache-Control: no-store``.
"""

import pytest
from django.urls import reverse

from .url_walk import PERSONAS, all_routes, persona_client, sample_url


@pytest.fixture
def signed_in_clients(db):
    return {persona: persona_client(persona) for persona in PERSONAS if persona != "anonymous"}


def test_every_answer_to_a_signed_in_person_says_no_store(signed_in_clients):
    problems, kinds_seen = [], set()
    for route in all_routes():
        url = sample_url(route)
        for persona, client in signed_in_clients.items():
            response = client.get(url)
            if "attachment" in response.get("Content-Disposition", ""):
                kinds_seen.add("download")
            elif response.status_code in (301, 302):
                kinds_seen.add("redirect")
            cache_control = response.get("Cache-Control", "")
            if "no-store" not in cache_control:
                problems.append(f"{url} as {persona}: {response.status_code} {cache_control!r}")
    assert not problems, "Answers a browser may cache:\n" + "\n".join(problems)
    assert kinds_seen == {"download", "redirect"}


def test_signing_out_says_no_store(person, mfa_client):
    client = mfa_client(person)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
