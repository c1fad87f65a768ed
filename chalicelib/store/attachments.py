"""Attachment files in S3: the upload form, what has arrived, and download links."""
from __future__ import annotations

from chalicelib import aws, store
from chalicelib.domain import attachments


def upload_form(tracking_id: str, attachment_id: str, content_type: str, max_bytes: int,
                expires_in: int) -> dict:
    """A presigned POST (``url`` and form ``fields``) that S3 accepts only for this key, this
    Content-Type and 1..``max_bytes`` bytes, within ``expires_in`` seconds."""
    settings = store.ready()
    return aws.s3().generate_presigned_post(
        Bucket=settings.files_bucket, Key=attachments.object_key(tracking_id, attachment_id),
        Fields={"Content-Type": content_type, "x-amz-server-side-encryption": "AES256"},
        Conditions=[{"Content-Type": content_type}, {"x-amz-server-side-encryption": "AES256"},
                    ["content-length-range", 1, max_bytes]],
        ExpiresIn=expires_in)


def uploaded_sizes(tracking_id: str) -> dict[str, int]:
    """attachment id -> size of every file that has arrived for a report: one ListObjectsV2
    (a report holds at most a few, far below one page of 1,000)."""
    settings = store.ready()
    prefix = attachments.key_prefix(tracking_id)
    listing = aws.s3().list_objects_v2(Bucket=settings.files_bucket, Prefix=prefix)
    return {item["Key"][len(prefix):]: int(item["Size"]) for item in listing.get("Contents", [])}


def download_url(tracking_id: str, attachment_id: str, content_type: str, disposition: str,
                 expires_in: int) -> str:
    settings = store.ready()
    return aws.s3().generate_presigned_url(
        "get_object", ExpiresIn=expires_in,
        Params={"Bucket": settings.files_bucket, "Key": attachments.object_key(tracking_id, attachment_id),
                "ResponseContentType": content_type, "ResponseContentDisposition": disposition})
