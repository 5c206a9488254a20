"""A real S3 API server for tests: moto's standalone server (moto[server], a dev
dependency) started as a subprocess on a free port, or the one named by S3_TEST_ENDPOINT.

Without moto the S3 tests are skipped on a developer's machine and fail in CI (CI=true or
REQUIRE_S3=1), like the PostgreSQL and browser tests.
"""

import importlib.util
import os
import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from botocore.config import Config

from newsroom.settings.media_storage import default_storage_config

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "us-east-1"


def _required():
    return os.environ.get("CI") == "true" or os.environ.get("REQUIRE_S3") == "1"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto's S3 server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto's S3 server did not listen on port {port} in {seconds} s")


def start_server():
    """(endpoint URL, process or None). Skips, or fails in CI, when moto is missing."""
    endpoint = os.environ.get("S3_TEST_ENDPOINT")
    if endpoint:
        return endpoint, None
    if importlib.util.find_spec("moto") is None:
        message = "moto[server] is not installed (make install)"
        if _required():
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process)
    except RuntimeError:
        process.kill()
        process.wait()
        raise
    return f"http://127.0.0.1:{port}", process


class Bucket:
    """A fresh bucket on the test server, and a look inside it with plain boto3."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.name = f"media-{uuid.uuid4().hex[:12]}"
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}),
            **CREDENTIALS,
        )
        self.client.create_bucket(Bucket=self.name)

    def keys(self):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def head(self, key):
        return self.client.head_object(Bucket=self.name, Key=key)

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def put(self, key, data):
        self.client.put_object(Bucket=self.name, Key=key, Body=data)

    def storage_config(self, endpoint=None, **environ):
        """STORAGES["default"] for MEDIA_STORAGE=s3 on this bucket, built by the same
        code as production settings (newsroom/settings/media_storage.py)."""
        return default_storage_config(
            {
                "MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": self.name,
                "AWS_S3_ENDPOINT_URL": endpoint or self.endpoint,
                "AWS_S3_REGION_NAME": REGION,
                "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
                "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
                "AWS_S3_ADDRESSING_STYLE": "path",
                **environ,
            }
        )
