"""Records kept in an S3-compatible bucket, configured by settings alone.

A real S3 API server (moto's, on this machine) stands in for the bucket; the
portal talks to it through django-storages and boto3 exactly as it would to a
provider's.
"""

import hashlib
import socket

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from records.models import Record

BUCKET = "portal-records"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-2",
        aws_access_key_id="portal",
        aws_secret_access_key="portal-secret",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "eu-west-2",
                "access_key": "portal",
                "secret_key": "portal-secret",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": True,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


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


def test_the_bucket_object_is_private(s3_bucket, person, make_record):
    record = make_record(subject=person, produce=True)
    grants = s3_bucket.get_object_acl(Bucket=BUCKET, Key=record.file.name)["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee", {})) for grant in grants)


def test_the_settings_choose_the_bucket_from_the_environment():
    import subprocess
    import sys
    from pathlib import Path

    code = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'], settings.STORAGES['default']['OPTIONS']['bucket_name'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup(); {code}"],
        cwd=Path(__file__).resolve().parents[2],
        env={**__import__("os").environ, "RECORDS_S3_BUCKET": "force-records", "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "force-records"], result.stderr
