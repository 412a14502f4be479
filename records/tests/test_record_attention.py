"""Records that need an administrator: failed ones, and ones stuck waiting."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from records.models import Record

URL = reverse("records:failed")


@pytest.fixture
def failed(person, make_record):
    record = make_record(subject=person)
    Record.objects.filter(pk=record.pk).update(
        status=Record.Status.FAILED, attempts=7, error="ImproperlyConfigured: no signing key"
    )
    record.refresh_from_db()
    return record


def test_an_administrator_sees_failed_records_with_their_errors(admin_user, failed, mfa_client):
    page = mfa_client(admin_user).get(URL).content.decode()
    assert failed.reference in page
    assert "ImproperlyConfigured: no signing key" in page
    assert "Failed after 7 attempts" in page


def test_records_waiting_too_long_are_listed_and_fresh_ones_are_not(
    admin_user, person, make_record, mfa_client
):
    stuck = make_record(subject=person)
    Record.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    fresh = make_record(subject=person)
    page = mfa_client(admin_user).get(URL).content.decode()
    assert stuck.reference in page
    assert fresh.reference not in page


def test_retrying_produces_the_record_and_is_audited(
    admin_user, failed, mfa_client, django_capture_on_commit_callbacks
):
    client = mfa_client(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("records:retry", args=[failed.reference]))
    assert response.status_code == 302 and response["Location"] == URL
    failed.refresh_from_db()
    assert failed.status == Record.Status.COMPLETE
    event = AuditEvent.objects.get(action="record.retried")
    assert event.actor == admin_user
    assert event.details["previous_status"] == "failed"
    assert "will be produced again" in client.get(URL).content.decode()


def test_retrying_a_signed_record_changes_nothing(admin_user, person, make_record, mfa_client):
    record = make_record(subject=person, produce=True)
    response = mfa_client(admin_user).post(reverse("records:retry", args=[record.reference]), follow=True)
    assert "is already signed" in response.content.decode()
    assert not AuditEvent.objects.filter(action="record.retried").exists()


def test_only_administrators_see_the_list_or_retry(person, role_holder, failed, mfa_client):
    auditor = role_holder("auditor")
    for user in (person, auditor, failed.subject):
        client = mfa_client(user)
        assert client.get(URL).status_code == 403
        assert client.post(reverse("records:retry", args=[failed.reference])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == Record.Status.FAILED


def test_retry_needs_a_post(admin_user, failed, mfa_client):
    response = mfa_client(admin_user).get(reverse("records:retry", args=[failed.reference]))
    assert response.status_code == 405


def test_an_empty_list_says_nothing_needs_attention(admin_user, mfa_client):
    assert "Nothing needs attention" in mfa_client(admin_user).get(URL).content.decode()


def test_administrators_see_failed_records_on_their_tasks_page(admin_user, failed, mfa_client):
    page = mfa_client(admin_user).get(reverse("home")).content.decode()
    assert "Signed records that need attention" in page
    assert failed.reference in page


def test_the_tasks_page_says_nothing_when_all_records_are_produced(admin_user, person, mfa_client):
    page = mfa_client(admin_user).get(reverse("home")).content.decode()
    assert "Signed records that need attention" not in page


def test_other_people_are_not_shown_failed_records(person, failed, mfa_client):
    page = mfa_client(person).get(reverse("home")).content.decode()
    assert "Signed records that need attention" not in page
