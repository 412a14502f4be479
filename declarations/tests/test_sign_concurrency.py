"""Two submissions of the same declaration at the same moment make one declaration."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from declarations.models import Declaration, Requirement
from records.models import Record
from staff.tests.factories import UserFactory

from .signing_samples import requirement_for, sign_url, signing_data

SUBMISSIONS = 2


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one_declaration(settings, tmp_path):
    # On SQLite the database takes one writer at a time, so the second waits for
    # the first; on PostgreSQL both run at once and the row lock decides.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    person = UserFactory(full_name="Pat Member")
    requirement = requirement_for(person)
    data = signing_data(requirement)
    start = threading.Barrier(SUBMISSIONS, timeout=30)
    responses, errors = [], []

    def submit():
        try:
            client = Client()
            client.force_login(person)
            session = client.session
            session["account_authentication_methods"] = [
                {"method": "password", "at": time.time(), "email": person.email}
            ]
            session.save()
            start.wait()
            responses.append(client.post(sign_url(requirement), data))
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    signed_page = reverse("declarations:signed", args=[requirement.pk])
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {signed_page}
    assert Declaration.objects.count() == 1
    assert Record.objects.filter(kind="declaration").count() == 1
    assert AuditEvent.objects.filter(action="declaration.signed").count() == 1
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.SIGNED
