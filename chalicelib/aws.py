"""AWS clients, made on first use for the configured region (never at import time)."""
from __future__ import annotations

from functools import lru_cache

import boto3

from chalicelib.config import get_settings


@lru_cache(maxsize=None)
def _client(service: str, region: str):
    return boto3.client(service, region_name=region)


def cognito():
    return _client("cognito-idp", get_settings().aws_region)


def ses():
    return _client("ses", get_settings().aws_region)


def sns():
    return _client("sns", get_settings().aws_region)
