"""Records in Django's admin: read-only, and never the file itself."""

from django.urls import reverse


def test_the_admin_shows_a_record_without_its_file(superuser_client, person, make_record):
    record = make_record(subject=person)
    response = superuser_client.get(reverse("admin:records_record_change", args=[record.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert record.reference in page and record.sha256 in page
    assert record.file.name in page
    assert "/media-not-served/" not in page  # no link to the file
    assert 'name="title"' not in page and 'name="evidence"' not in page  # nothing editable


def test_the_admin_cannot_add_change_or_delete_records(superuser_client, person, make_record):
    record = make_record(subject=person)
    assert superuser_client.get(reverse("admin:records_record_add")).status_code == 403
    assert superuser_client.post(
        reverse("admin:records_record_change", args=[record.pk]), {"title": "Changed"}
    ).status_code == 403
    assert superuser_client.post(
        reverse("admin:records_record_delete", args=[record.pk]), {"post": "yes"}
    ).status_code == 403
    record.refresh_from_db()
    assert record.title == "Test record"
