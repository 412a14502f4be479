"""Records kept in an S3-compatible bucket, configured by settings alone.

A real S3 API server (moto's, on this machine) stands in for the bucket; the
portal talks to it through django-storages and boto3 exactly as it would to a
provider's.
"""

import hashlib

from django.urls import reverse

from records.models import Record
from records.services import record_file_name, record_produce

from .s3 import BUCKET, s3_bucket_fixture, s3_endpoint_fixture  # noqa: F401


def test_a_record_is_stored_in_the_bucket_and_downloaded_from_it(
    s3_bucket, person, make_record, mfa_client
):
    record = make_record(subject=person, produce=True)
    assert record.status == Record.Status.COMPLETE

    stored = s3_bucket.get_object(Bucket=BUCKET, Key=record.file.name)["Body"].read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == record.sha256

    response = mfa_client(person).get(reverse("records:download", args=[record.reference]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == stored


def test_a_record_replaces_a_half_stored_file_of_its_own_in_the_bucket(s3_bucket, person, make_record):
    # A worker that crashed after storing the file leaves it behind; the next run
    # stores the record under the same name, though the bucket never overwrites on save.
    record = make_record(subject=person)
    name = record_file_name(record)
    s3_bucket.put_object(Bucket=BUCKET, Key=name, Body=b"%PDF-1.7 half-written")

    assert record_produce(record_id=record.pk)

    record.refresh_from_db()
    assert record.file.name == name
    stored = s3_bucket.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == record.sha256


def test_the_bucket_object_is_private(s3_bucket, person, make_record):
    record = make_record(subject=person, produce=True)
    grants = s3_bucket.get_object_acl(Bucket=BUCKET, Key=record.file.name)["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee", {})) for grant in grants)


def test_the_settings_choose_the_bucket_from_the_environment():
    import subprocess
    import sys
    from pathlib import Path

    code = "from django.conf import settings; storage = settings.STORAGES['default']; print(storage['BACKEND'], storage['OPTIONS']['bucket_name'], storage['OPTIONS']['file_overwrite'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup(); {code}"],
        cwd=Path(__file__).resolve().parents[2],
        env={**__import__("os").environ, "RECORDS_S3_BUCKET": "force-records", "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    # A save never silently replaces an object: records replace their file explicitly.
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "force-records", "False"], result.stderr
