"""Use cases: the reporter, with the access token, or staff, signed in, add an attachment (a photo or
a PDF) to a report; staff hide one from the public view, or show it again.

Adding records the attachment on the report, with a timeline event, in one transaction under the
report's version, then hands out a presigned S3 POST: the browser uploads the file straight to S3,
limited to the declared type and size, under a key the server makes. Views list an attachment once
its file has arrived (services/tracking.attachments_seen_by). Staff files are shown with the update
or answer they are posted with (services/workflow.py).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from chalicelib.domain import attachments as rules
from chalicelib.domain import permissions
from chalicelib.domain.permissions import Principal
from chalicelib.domain.reports import EventType, Status, Visibility
from chalicelib.errors import Conflict, FieldProblem, Forbidden, NotFound
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import changes, tracking, workflow
from chalicelib.services.changes import REPORTER, Change
from chalicelib.store import attachments as files
from chalicelib.store import reports
from chalicelib.store.models import AttachmentAttribute, ReportModel

if TYPE_CHECKING:
    from chalicelib.schemas import HideAttachment, NewAttachment, StaffAttachment, UnhideAttachment

_FINISHED = Text("Laporan sudah selesai atau diarsipkan; lampiran tidak dapat ditambahkan lagi.",
                 "The report is closed or archived; no more attachments can be added.")
_REFUSALS = {
    rules.REPORTER: {
        "report_finished": _FINISHED,
        "too_many_attachments": Text(
            f"Satu laporan dapat memiliki paling banyak {rules.MAX_ATTACHMENTS[rules.REPORTER]} lampiran.",
            f"A report can have at most {rules.MAX_ATTACHMENTS[rules.REPORTER]} attachments."),
    },
    rules.STAFF: {
        "report_finished": _FINISHED,
        "too_many_attachments": Text(
            f"Petugas dapat melampirkan paling banyak {rules.MAX_ATTACHMENTS[rules.STAFF]} berkas pada satu laporan.",
            f"Staff can attach at most {rules.MAX_ATTACHMENTS[rules.STAFF]} files to a report."),
        "no_answer_possible": Text(
            "Lampiran petugas menyertai kabar perkembangan atau jawaban, dan keduanya tidak dapat dikirim "
            "pada status laporan sekarang.",
            "Staff files go with a progress update or an answer, and neither can be posted in the report's "
            "status now."),
    },
}
_HIDING_REFUSALS = {
    "already_hidden": Text("Lampiran ini sudah disembunyikan dari publik.",
                           "This attachment is already hidden from the public."),
    "not_hidden": Text("Lampiran ini tidak disembunyikan dari publik.", "This attachment is not hidden from the public."),
}
_CHANGED_MEANWHILE = Text("Laporan baru saja berubah; muat ulang lalu coba lagi.",
                          "The report just changed; reload it and try again.")
_MAY_NOT_ATTACH = Text("Peran Anda tidak dapat melampirkan berkas pada laporan ini.",
                       "Your role may not attach files to this report.")
_MAY_NOT_HIDE = Text("Hanya admin instansi dan admin nasional yang dapat menyembunyikan lampiran.",
                     "Only agency and national admins may hide attachments.")
_NO_SUCH_ATTACHMENT = Text("Lampiran tidak ditemukan pada laporan ini.", "No such attachment on this report.")


def _refuse(who: str, refusal: str) -> Conflict:
    message = _REFUSALS[who][refusal]
    return Conflict(message, [FieldProblem(None, refusal, message)], code=refusal)


def _record(change: Change, body: NewAttachment, event_type: EventType, visibility: Visibility, *,
            added_by_role: str | None = None, added_by: str | None = None) -> AttachmentAttribute:
    report = change.report
    attachment = AttachmentAttribute(attachment_id=rules.new_attachment_id(), filename=body.filename,
                                     content_type=body.content_type, size=body.size, added_at=change.now,
                                     added_by_role=added_by_role, added_by=added_by)
    report.attachments = list(report.attachments or []) + [attachment]
    change.event(event_type, visibility,
                 details={"attachment_id": attachment.attachment_id, "filename": body.filename,
                          "content_type": body.content_type, "size": body.size})
    return attachment


def _upload_answer(report: ReportModel, attachment: AttachmentAttribute) -> dict:
    logger.info("attachment added", extra={"tracking_id": report.tracking_id,
                                           "attachment_id": attachment.attachment_id,
                                           "added_by_role": attachment.added_by_role or rules.REPORTER,
                                           "content_type": attachment.content_type, "size": int(attachment.size)})
    form = files.upload_form(report.tracking_id, attachment.attachment_id, attachment.content_type,
                             int(attachment.size), rules.UPLOAD_EXPIRES_SECONDS)
    return {"attachment_id": attachment.attachment_id,
            "upload": {"url": form["url"], "fields": form["fields"]},
            "expires_in": rules.UPLOAD_EXPIRES_SECONDS, "max_bytes": int(attachment.size)}


def add(raw_tracking_id: str, access_token: str | None, body: NewAttachment) -> dict:
    report = tracking.reporters_report(raw_tracking_id, access_token)
    refusal = rules.refusal(Status(report.status), report.attachments or [], rules.REPORTER)
    if refusal is not None:
        raise _refuse(rules.REPORTER, refusal)
    change = Change(report, datetime.now(timezone.utc), REPORTER)
    # The file may show the reporter: the timeline tells only the reporter and staff of it.
    attachment = _record(change, body, EventType.ATTACHMENT_ADDED, Visibility.REPORTER)
    try:
        changes.commit(change)
    except reports.VersionConflict:
        raise Conflict(_CHANGED_MEANWHILE, code="version_conflict") from None
    return _upload_answer(report, attachment)


def add_for_staff(principal: Principal, raw_tracking_id: str, body: StaffAttachment) -> dict:
    """A file for a progress update or an answer of this report. Nobody but staff sees it until it
    is posted with one (``attachment_ids`` of update or respond)."""
    report = workflow.report_in_scope(principal, raw_tracking_id)
    if not permissions.may_add_attachments(principal, report.agency_id, report.unit_id, report.routed_watch):
        raise Forbidden(_MAY_NOT_ATTACH)
    workflow.check_version(report, body.expected_version)
    status = Status(report.status)
    refusal = rules.refusal(status, report.attachments or [], rules.STAFF)
    if refusal is None and not any(action in permissions.ANSWERING_ACTIONS
                                   for action in workflow.actions_for(principal, report)):
        refusal = "no_answer_possible"
    if refusal is not None:
        raise _refuse(rules.STAFF, refusal)
    change = Change(report, datetime.now(timezone.utc), workflow.actor_of(principal))
    attachment = _record(change, body, EventType.STAFF_ATTACHMENT_ADDED, Visibility.INTERNAL,
                         added_by_role=principal.role.value, added_by=principal.username)
    workflow.commit(change)
    return {**_upload_answer(report, attachment), "version": report.version}


def set_hidden(principal: Principal, raw_tracking_id: str, attachment_id: str,
               body: HideAttachment | UnhideAttachment, hide: bool) -> dict:
    """Hide a file from the public view with a reason (``hide``), or show it again. The reporter
    and staff keep seeing it, and read why in the timeline."""
    report = workflow.report_in_scope(principal, raw_tracking_id)
    if not permissions.may_hide_attachments(principal, report.agency_id, report.unit_id, report.routed_watch):
        raise Forbidden(_MAY_NOT_HIDE)
    attachment = next((item for item in report.attachments or [] if item.attachment_id == attachment_id), None)
    if attachment is None:
        raise NotFound(_NO_SUCH_ATTACHMENT)
    workflow.check_version(report, body.expected_version)
    refusal = rules.hiding_refusal(attachment, hide)
    if refusal is not None:
        message = _HIDING_REFUSALS[refusal]
        raise Conflict(message, [FieldProblem("attachment_id", refusal, message)], code=refusal)
    change = Change(report, datetime.now(timezone.utc), workflow.actor_of(principal))
    if hide:
        attachment.hidden_at, attachment.hidden_by, attachment.hidden_reason = change.now, principal.username, body.reason
    else:
        attachment.hidden_at = attachment.hidden_by = attachment.hidden_reason = None
    # The reporter reads why a file they see left the public view; the public never learns a file was there.
    seen_by_reporter = rules.seen_by("reporter", report.privacy, attachment)
    change.event(EventType.ATTACHMENT_HIDDEN if hide else EventType.ATTACHMENT_UNHIDDEN,
                 Visibility.REPORTER if seen_by_reporter else Visibility.INTERNAL,
                 message=body.reason if hide else None, note=body.note,
                 details={"attachment_id": attachment.attachment_id, "filename": attachment.filename})
    workflow.commit(change)
    logger.info("attachment hidden" if hide else "attachment shown again",
                extra={"tracking_id": report.tracking_id, "attachment_id": attachment_id})
    return workflow.case_view(principal, report)
