"""Compliance reports: their records (DynamoDB) and files (S3)."""
from __future__ import annotations

import base64

from pynamodb.exceptions import PutError

from chalicelib import aws, store
from chalicelib.store.models import ComplianceReportModel


class ReportChanged(Exception):
    """Someone generated the same report at the same moment."""


def get(report_id: str) -> ComplianceReportModel | None:
    return store.get_or_none(ComplianceReportModel, report_id, consistent_read=True)


def save(record: ComplianceReportModel) -> None:
    """Write under the version read (a new record only if none exists)."""
    store.ready()
    try:
        record.save()
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise ReportChanged() from error
        raise


def put_file(key: str, body: bytes, content_type: str, sha256_hex: str) -> None:
    settings = store.ready()
    aws.s3().put_object(Bucket=settings.files_bucket, Key=key, Body=body, ContentType=content_type,
                        ChecksumSHA256=_base64_of_hex(sha256_hex), ServerSideEncryption="AES256")


def read_file(key: str) -> bytes:
    settings = store.ready()
    return aws.s3().get_object(Bucket=settings.files_bucket, Key=key)["Body"].read()


def download_url(key: str, filename: str, expires_in: int) -> str:
    settings = store.ready()
    return aws.s3().generate_presigned_url(
        "get_object", ExpiresIn=expires_in,
        Params={"Bucket": settings.files_bucket, "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{filename}"'})


def _base64_of_hex(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()
