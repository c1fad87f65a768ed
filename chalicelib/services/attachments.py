"""Use case: the reporter, with the access token, adds an attachment (a photo or a PDF) to a report.

The API records the attachment on the report, with a timeline event, in one transaction under
the report's version, then hands out a presigned S3 POST: the browser uploads the file straight
to S3, limited to the declared type and size. Views list an attachment once its file has arrived
(services/tracking.attachments_seen_by).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from chalicelib.domain import attachments as rules
from chalicelib.domain.reports import EventType, Status, Visibility
from chalicelib.errors import Conflict, FieldProblem
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import changes, tracking
from chalicelib.services.changes import REPORTER, Change
from chalicelib.store import attachments as files
from chalicelib.store import reports
from chalicelib.store.models import AttachmentAttribute

if TYPE_CHECKING:
    from chalicelib.schemas import NewAttachment

_REFUSALS = {
    "report_finished": Text("Laporan sudah selesai atau diarsipkan; lampiran tidak dapat ditambahkan lagi.",
                            "The report is closed or archived; no more attachments can be added."),
    "too_many_attachments": Text(
        f"Satu laporan dapat memiliki paling banyak {rules.MAX_ATTACHMENTS_PER_REPORT} lampiran.",
        f"A report can have at most {rules.MAX_ATTACHMENTS_PER_REPORT} attachments."),
}
_CHANGED_MEANWHILE = Text("Laporan baru saja berubah; muat ulang lalu coba lagi.",
                          "The report just changed; reload it and try again.")


def add(raw_tracking_id: str, access_token: str | None, body: NewAttachment) -> dict:
    report = tracking.reporters_report(raw_tracking_id, access_token)
    refusal = rules.refusal(Status(report.status), len(report.attachments or []))
    if refusal is not None:
        raise Conflict(_REFUSALS[refusal], [FieldProblem(None, refusal, _REFUSALS[refusal])], code=refusal)
    change = Change(report, datetime.now(timezone.utc), REPORTER)
    attachment = AttachmentAttribute(attachment_id=rules.new_attachment_id(), filename=body.filename,
                                     content_type=body.content_type, size=body.size, added_at=change.now)
    report.attachments = list(report.attachments or []) + [attachment]
    # The file may show the reporter: the timeline tells only the reporter and staff of it.
    change.event(EventType.ATTACHMENT_ADDED, Visibility.REPORTER,
                 details={"attachment_id": attachment.attachment_id, "filename": body.filename,
                          "content_type": body.content_type, "size": body.size})
    try:
        changes.commit(change)
    except reports.VersionConflict:
        raise Conflict(_CHANGED_MEANWHILE, code="version_conflict") from None
    logger.info("attachment added", extra={"tracking_id": report.tracking_id,
                                           "attachment_id": attachment.attachment_id,
                                           "content_type": body.content_type, "size": body.size})
    form = files.upload_form(report.tracking_id, attachment.attachment_id, body.content_type, body.size,
                             rules.UPLOAD_EXPIRES_SECONDS)
    return {"attachment_id": attachment.attachment_id,
            "upload": {"url": form["url"], "fields": form["fields"]},
            "expires_in": rules.UPLOAD_EXPIRES_SECONDS, "max_bytes": body.size}
