"""Create every AWS resource the app needs (tables, bucket, e-mail identity, user pool), idempotently.

Used by ``make run`` against moto's server and by the tests under ``mock_aws``.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import boto3
from botocore.exceptions import ClientError

from chalicelib import store
from chalicelib.config import get_settings
from chalicelib.store.models import ALL_MODELS


def create_tables() -> list[str]:
    """Create missing tables (with their indexes and TTL); returns the names created.

    One ListTables says which exist (not a DescribeTable for each), and nothing waits for a table to
    become active: moto makes it active at once (every test's set-up creates all of them)."""
    listing = store.connection().client.get_paginator("list_tables").paginate()
    existing = {name for page in listing for name in page["TableNames"]}
    created = []
    for model in ALL_MODELS:
        if model.Meta.table_name not in existing:
            model.create_table()
            created.append(model.Meta.table_name)
    return created


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def bucket_cors_rules(public_base_url: str) -> list[dict]:
    """The web pages upload attachments straight to the bucket (presigned POST) and show them
    (presigned GET): only from the site's own origin."""
    return [{"AllowedOrigins": [_origin(public_base_url)], "AllowedMethods": ["POST", "GET"],
             "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag", "Location"], "MaxAgeSeconds": 3000}]


def create_bucket() -> bool:
    """The files bucket, private, with its CORS rules; the settings are applied again to a bucket
    that already exists. Returns whether the bucket was created."""
    settings = get_settings()
    s3 = boto3.client("s3", region_name=settings.aws_region)
    try:
        s3.create_bucket(Bucket=settings.files_bucket,
                         CreateBucketConfiguration={"LocationConstraint": settings.aws_region})
        created = True
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
        created = False
    s3.put_public_access_block(Bucket=settings.files_bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_cors(Bucket=settings.files_bucket,
                       CORSConfiguration={"CORSRules": bucket_cors_rules(settings.public_base_url)})
    return created


def verify_sender_identity() -> None:
    settings = get_settings()
    boto3.client("ses", region_name=settings.aws_region).verify_email_identity(
        EmailAddress=settings.sender_email)


# infra/template.yaml declares the same for AWS (groups, custom attributes, password rules, client);
# tests/infra compares the two.
STAFF_GROUPS = {
    "national_admin": "Admin nasional (KemenPAN-RB)",
    "agency_admin": "Admin instansi / koordinator",
    "unit_officer": "Pejabat penghubung / admin unit kerja",
    "oversight": "Pengawas: Ombudsman, KemenPAN-RB, KSP (baca saja)",
}

PASSWORD_POLICY = {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
                   "RequireNumbers": True, "RequireSymbols": True}
CONSOLE_READ_ATTRIBUTES = ["email", "phone_number", "custom:agency_id", "custom:unit_id"]
CONSOLE_WRITE_ATTRIBUTES = ["email", "phone_number"]


def create_user_pool() -> tuple[str, str]:
    """The staff user pool and its console client, found by name or created; returns their ids."""
    settings = get_settings()
    cognito = boto3.client("cognito-idp", region_name=settings.aws_region)
    pool_name = f"aduan-{settings.stage}-staff"
    pools = cognito.list_user_pools(MaxResults=60)["UserPools"]
    pool_id = next((pool["Id"] for pool in pools if pool["Name"] == pool_name), None)
    if pool_id is None:
        pool_id = cognito.create_user_pool(
            PoolName=pool_name,
            Policies={"PasswordPolicy": PASSWORD_POLICY},
            AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
            UsernameConfiguration={"CaseSensitive": False},
            Schema=[{"Name": "agency_id", "AttributeDataType": "String", "Mutable": True},
                    {"Name": "unit_id", "AttributeDataType": "String", "Mutable": True}],
        )["UserPool"]["Id"]
        for precedence, (group, description) in enumerate(STAFF_GROUPS.items()):
            cognito.create_group(UserPoolId=pool_id, GroupName=group, Description=description,
                                 Precedence=precedence)
    client_name = f"aduan-{settings.stage}-console"
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == client_name), None)
    if client_id is None:
        client_id = cognito.create_user_pool_client(
            UserPoolId=pool_id, ClientName=client_name, GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            # Staff must never change their own agency, unit or group.
            ReadAttributes=CONSOLE_READ_ATTRIBUTES, WriteAttributes=CONSOLE_WRITE_ATTRIBUTES,
            IdTokenValidity=60, AccessTokenValidity=60, RefreshTokenValidity=1,
            TokenValidityUnits={"IdToken": "minutes", "AccessToken": "minutes", "RefreshToken": "days"},
            PreventUserExistenceErrors="ENABLED",
        )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def create_all() -> dict:
    """Everything, idempotently; returns what was made and the user pool's ids."""
    pool_id, client_id = create_user_pool()
    return {"tables": create_tables(), "bucket_created": create_bucket(),
            "sender": verify_sender_identity() or get_settings().sender_email,
            "user_pool_id": pool_id, "user_pool_client_id": client_id}
