"""Every test runs against moto's in-process AWS (no server, no network), with fresh tables."""
from __future__ import annotations

import json

import pytest
from moto import mock_aws

from chalicelib.config import get_settings

TEST_ENVIRONMENT = {
    "ADUAN_STAGE": "test",
    "TABLE_PREFIX": "aduan-test-",
    "FILES_BUCKET": "aduan-test-files",
    "AWS_DEFAULT_REGION": "ap-southeast-3",
    "AWS_REGION": "ap-southeast-3",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "Aduan",
    "PUBLIC_BASE_URL": "https://aduan.test",
}


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch):
    # An endpoint left over from `make run` would send requests past mock_aws.
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in TEST_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def aws(aws_environment, monkeypatch):
    """Moto's AWS with every table, the bucket and the sender identity, but no data."""
    with mock_aws():
        from chalicelib.auth import reset_key_cache
        from devtools import bootstrap

        created = bootstrap.create_all()
        monkeypatch.setenv("USER_POOL_ID", created["user_pool_id"])
        monkeypatch.setenv("USER_POOL_CLIENT_ID", created["user_pool_client_id"])
        get_settings.cache_clear()
        reset_key_cache()
        yield


@pytest.fixture
def seeded(aws):
    """Tables holding the demo regions, agencies, units and the LAPOR! topic list."""
    from devtools import seed

    seed.seed_reference_data()


@pytest.fixture
def client(seeded):
    from chalice.test import Client

    from app import app

    with Client(app) as chalice_client:
        yield ApiClient(chalice_client)


class ApiClient:
    """Chalice's test client with JSON in and out, like a real HTTP caller."""

    def __init__(self, chalice_client):
        self.chalice = chalice_client

    def request(self, method: str, path: str, body=None, headers=None, raw: bytes | str | None = None):
        headers = dict(headers or {})
        if body is not None:
            raw = json.dumps(body)
        if raw is not None:
            headers.setdefault("Content-Type", "application/json")
        response = self.chalice.http.request(method, path, headers=headers, body=raw or b"")
        response.json = json.loads(response.body) if response.body else None
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body=body, **kwargs)


@pytest.fixture
def app_logs(monkeypatch):
    """Everything the app logs during the test, as text (Powertools holds its own stream)."""
    import io

    from chalicelib.observability import logger

    buffer = io.StringIO()
    monkeypatch.setattr(logger.registered_handler, "stream", buffer)
    return buffer
