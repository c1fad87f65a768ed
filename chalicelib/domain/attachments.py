"""Attachments a reporter adds to a report: what is allowed, where files live, how they are served.

The file itself never passes through the API: the reporter asks for an upload slot, the API
records the attachment on the report and hands out a presigned S3 POST limited to the declared
type and size; a report view lists only the attachments whose file has actually arrived.
"""
from __future__ import annotations

import re
import secrets
from urllib.parse import quote

from chalicelib.domain.reports import Privacy, Status

# 10 MiB per file, ten files per report.
MAX_ATTACHMENT_BYTES = 10_485_760
MAX_ATTACHMENTS_PER_REPORT = 10
MAX_FILENAME_LENGTH = 200
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
PDF_TYPE = "application/pdf"
ALLOWED_CONTENT_TYPES = (*IMAGE_TYPES, PDF_TYPE)
# How long the upload slot and a download link work, in seconds.
UPLOAD_EXPIRES_SECONDS = 600
DOWNLOAD_EXPIRES_SECONDS = 300
# Nothing may be added once the report is finished.
FINISHED_STATUSES = (Status.CLOSED, Status.ARCHIVED, Status.DUPLICATE)

_PREFIX = "attachments"
_UNSAFE_IN_QUOTED_NAME = re.compile(r'[^\x20-\x7e]|["\\]')


def new_attachment_id() -> str:
    """Random and URL-safe (letters, digits, ``-`` and ``_``), so it is a safe S3 key part."""
    return secrets.token_urlsafe(12)


def key_prefix(tracking_id: str) -> str:
    return f"{_PREFIX}/{tracking_id}/"


def object_key(tracking_id: str, attachment_id: str) -> str:
    return f"{key_prefix(tracking_id)}{attachment_id}"


def refusal(status: Status, attachments_recorded: int) -> str | None:
    """Why no attachment may be added now (``report_finished``, ``too_many_attachments``), or None."""
    if status in FINISHED_STATUSES:
        return "report_finished"
    if attachments_recorded >= MAX_ATTACHMENTS_PER_REPORT:
        return "too_many_attachments"
    return None


def content_disposition(filename: str, content_type: str) -> str:
    """Images open in the browser; a PDF downloads under its name (RFC 6266, quoted safely)."""
    if content_type in IMAGE_TYPES:
        return "inline"
    fallback = _UNSAFE_IN_QUOTED_NAME.sub("_", filename) or "lampiran.pdf"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def shown_to(audience: str, privacy: str) -> bool:
    """The reporter and staff always see attachments; the public only those of a public report
    (an anonymous reporter's photos may identify them; a confidential report has no public view)."""
    if audience == "public":
        return privacy == Privacy.PUBLIC.value
    return audience in ("reporter", "staff")
