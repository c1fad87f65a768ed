"""AWS clients, made on first use for the configured region (never at import time)."""
from __future__ import annotations

import os
from functools import lru_cache

import boto3
from botocore.config import Config

from chalicelib.config import get_settings


def call_limits() -> Config:
    """Retries with backoff (throttles, outages) and timeouts that keep one call inside API Gateway's 29 s."""
    settings = get_settings()
    return Config(retries={"mode": "standard", "total_max_attempts": settings.aws_max_attempts},
                  connect_timeout=settings.aws_connect_timeout_seconds,
                  read_timeout=settings.aws_read_timeout_seconds)


@lru_cache(maxsize=None)
def _client(service: str, region: str):
    return boto3.client(service, region_name=region, config=call_limits())


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
    return boto3.client("s3", region_name=region, config=call_limits().merge(
        Config(signature_version="s3v4", s3={"addressing_style": style})))


def s3():
    return _s3(get_settings().aws_region, bool(os.environ.get("AWS_ENDPOINT_URL")))
