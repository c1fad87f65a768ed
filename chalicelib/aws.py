"""AWS clients, made on first use for the configured region (never at import time).

Every client, PynamoDB's DynamoDB client included (chalicelib/store), comes from one botocore
session: a session loads botocore's endpoint and service data anew, tens of milliseconds each.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache

from botocore.config import Config
from botocore.session import Session, get_session

from chalicelib.config import get_settings

_session: Session | None = None
# botocore does not make clients from one session safely in parallel: first uses take turns.
_creating = threading.RLock()


def session() -> Session:
    global _session
    with _creating:
        if _session is None:
            _session = get_session()
        return _session


def creating_clients() -> threading.RLock:
    """Held while a client is made from the shared session."""
    return _creating


def create_client(service: str, region: str, config: Config):
    with _creating:
        return session().create_client(service, region_name=region, config=config)


def call_limits() -> Config:
    """Retries with backoff (throttles, outages) and timeouts that keep one call inside API Gateway's 29 s."""
    settings = get_settings()
    return Config(retries={"mode": "standard", "total_max_attempts": settings.aws_max_attempts},
                  connect_timeout=settings.aws_connect_timeout_seconds,
                  read_timeout=settings.aws_read_timeout_seconds)


@lru_cache(maxsize=None)
def _client(service: str, region: str):
    return create_client(service, region, call_limits())


def cognito():
    return _client("cognito-idp", get_settings().aws_region)


def ses():
    return _client("ses", get_settings().aws_region)


def sns():
    return _client("sns", get_settings().aws_region)


@lru_cache(maxsize=None)
def _s3(region: str, local_endpoint: bool):
    # Presigned links must name the regional endpoint (Jakarta is an opt-in region the global
    # endpoint does not serve); a local emulator on an IP address only understands path style.
    style = "path" if local_endpoint else "virtual"
    return create_client("s3", region, call_limits().merge(
        Config(signature_version="s3v4", s3={"addressing_style": style})))


def s3():
    return _s3(get_settings().aws_region, bool(os.environ.get("AWS_ENDPOINT_URL")))
