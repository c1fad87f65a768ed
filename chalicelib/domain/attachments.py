"""Attachments of a report: what is allowed, where files live, who sees them, how they are served.

Two people add files: the reporter (photos of the problem, documents) and staff (photos of the
work done, a letter), each within a limit of their own. The file itself never passes through the
API: the API records the attachment on the report and hands out a presigned S3 POST limited to the
declared type and size; a view lists only the attachments whose file has actually arrived.

A staff file is shown with the progress update or final answer it was posted with, and reaches
whoever may read that event. Staff may hide any file from the public (a face, a number plate, a
document with personal data); the reporter and staff still see it.
"""
from __future__ import annotations

import re
import secrets
from urllib.parse import quote

from chalicelib.domain.reports import Privacy, Status, Visibility

# Who added a file: each has a limit of its own, so an agency's photos never use up the
# reporter's slots, nor the other way round.
REPORTER = "reporter"
STAFF = "staff"
MAX_ATTACHMENTS = {REPORTER: 10, STAFF: 30}
# How many files one update or answer shows.
MAX_ATTACHMENTS_PER_EVENT = 10
# 10 MiB per file.
MAX_ATTACHMENT_BYTES = 10_485_760
MAX_FILENAME_LENGTH = 200
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
PDF_TYPE = "application/pdf"
ALLOWED_CONTENT_TYPES = (*IMAGE_TYPES, PDF_TYPE)
# How long the upload slot and a download link work, in seconds.
UPLOAD_EXPIRES_SECONDS = 600
DOWNLOAD_EXPIRES_SECONDS = 300
# Nothing may be added once the report is finished.
FINISHED_STATUSES = (Status.CLOSED, Status.ARCHIVED, Status.DUPLICATE)
# What new_attachment_id makes: 12 random bytes, URL-safe base64.
ATTACHMENT_ID_PATTERN = r"^[A-Za-z0-9_-]{16}$"

_PREFIX = "attachments"
_UNSAFE_IN_QUOTED_NAME = re.compile(r'[^\x20-\x7e]|["\\]')


def new_attachment_id() -> str:
    """Random and URL-safe (letters, digits, ``-`` and ``_``), so it is a safe S3 key part."""
    return secrets.token_urlsafe(12)


def key_prefix(tracking_id: str) -> str:
    return f"{_PREFIX}/{tracking_id}/"


def object_key(tracking_id: str, attachment_id: str) -> str:
    """Reporter's and staff files alike: the server makes both parts, so one listing finds them all."""
    return f"{key_prefix(tracking_id)}{attachment_id}"


def added_by(attachment) -> str:
    """REPORTER or STAFF (files recorded before staff could add any name no one: the reporter's)."""
    return REPORTER if attachment.added_by_role in (None, REPORTER) else STAFF


def refusal(status: Status, attachments, who: str = REPORTER) -> str | None:
    """Why ``who`` may add no attachment now (``report_finished``, ``too_many_attachments``), or None."""
    if status in FINISHED_STATUSES:
        return "report_finished"
    if sum(1 for attachment in attachments if added_by(attachment) == who) >= MAX_ATTACHMENTS[who]:
        return "too_many_attachments"
    return None


def has_arrived(attachment, arrived_sizes: dict[str, int]) -> bool:
    """Whether the file is in S3. S3 enforces the declared size on upload; the check also holds
    against an emulator that does not."""
    return 0 < arrived_sizes.get(attachment.attachment_id, 0) <= int(attachment.size)


def choice_problems(attachments, chosen_ids: list[str], arrived_sizes: dict[str, int]) -> list[tuple[int, str]]:
    """What is wrong with the files chosen for an update or answer, as (position, code): each must be
    a staff file of this report (``unknown_attachment``), chosen once (``attachment_repeated``), not
    shown with another event yet (``attachment_already_shown``), and uploaded (``attachment_not_uploaded``)."""
    by_id = {attachment.attachment_id: attachment for attachment in attachments}
    problems, seen = [], set()
    for position, attachment_id in enumerate(chosen_ids):
        attachment = by_id.get(attachment_id)
        if attachment_id in seen:
            problems.append((position, "attachment_repeated"))
        elif attachment is None or added_by(attachment) != STAFF:
            problems.append((position, "unknown_attachment"))
        elif attachment.event_key:
            problems.append((position, "attachment_already_shown"))
        elif not has_arrived(attachment, arrived_sizes):
            problems.append((position, "attachment_not_uploaded"))
        seen.add(attachment_id)
    return problems


def seen_by(audience: str, privacy: str, attachment) -> bool:
    """Who sees an attachment: the one rule.

    - Staff see every file.
    - The reporter sees their own files, and a staff file once it was shown with an event the
      reporter may read (an internal update's photo stays with staff).
    - The public sees files of a public report only (an anonymous reporter may be recognised in a
      photo of their street; a confidential report has no public view): the reporter's, and staff
      files shown with a public event; never a file hidden from the public.
    """
    if audience == "staff":
        return True
    staff_file = added_by(attachment) == STAFF
    shown_with = attachment.event_visibility
    if audience == "reporter":
        return not staff_file or shown_with in (Visibility.PUBLIC.value, Visibility.REPORTER.value)
    return (audience == "public" and privacy == Privacy.PUBLIC.value and attachment.hidden_at is None
            and (not staff_file or shown_with == Visibility.PUBLIC.value))


def hiding_refusal(attachment, hide: bool) -> str | None:
    """Why the file cannot be hidden from the public (``already_hidden``) or shown again (``not_hidden``)."""
    if hide and attachment.hidden_at is not None:
        return "already_hidden"
    if not hide and attachment.hidden_at is None:
        return "not_hidden"
    return None


def content_disposition(filename: str, content_type: str) -> str:
    """Images open in the browser; a PDF downloads under its name (RFC 6266, quoted safely)."""
    if content_type in IMAGE_TYPES:
        return "inline"
    fallback = _UNSAFE_IN_QUOTED_NAME.sub("_", filename) or "lampiran.pdf"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
