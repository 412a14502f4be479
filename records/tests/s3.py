"""A real S3 API server (moto's, on this machine) standing in for the portal's bucket.

Import ``s3_bucket_fixture`` and ``s3_endpoint_fixture`` into a test module to use
the fixtures ``s3_bucket`` and ``s3_endpoint``: files are then kept in the bucket,
configured as ``portal/settings.py`` configures it.
"""

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

BUCKET = "portal-records"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module", name="s3_endpoint")
def s3_endpoint_fixture():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(name="s3_bucket")
def s3_bucket_fixture(s3_endpoint, settings):
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
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)
