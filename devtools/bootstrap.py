"""Create every AWS resource the app needs (tables, bucket, e-mail identity), idempotently.

Used by ``make run`` against moto's server and by the tests under ``mock_aws``.
"""
from __future__ import annotations

import boto3
from botocore.exceptions import ClientError

from chalicelib import store
from chalicelib.config import get_settings
from chalicelib.store.models import ALL_MODELS


def create_tables() -> list[str]:
    """Create missing tables (with their indexes and TTL); returns the names created."""
    store.ready()
    created = []
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True)
            created.append(model.Meta.table_name)
    return created


def create_bucket() -> bool:
    settings = get_settings()
    s3 = boto3.client("s3", region_name=settings.aws_region)
    try:
        s3.create_bucket(Bucket=settings.files_bucket,
                         CreateBucketConfiguration={"LocationConstraint": settings.aws_region})
    except ClientError as error:
        if error.response["Error"]["Code"] in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            return False
        raise
    s3.put_public_access_block(Bucket=settings.files_bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    return True


def verify_sender_identity() -> None:
    settings = get_settings()
    boto3.client("ses", region_name=settings.aws_region).verify_email_identity(
        EmailAddress=settings.sender_email)


def create_all() -> dict:
    return {"tables": create_tables(), "bucket_created": create_bucket(),
            "sender": verify_sender_identity() or get_settings().sender_email}
