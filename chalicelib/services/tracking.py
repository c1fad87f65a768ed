"""Use case: someone looks up a report by its tracking id, with or without the access code."""
from __future__ import annotations

import io
from datetime import datetime, timezone

from chalicelib.config import get_settings
from chalicelib.domain import attachments as attachment_rules
from chalicelib.domain import tracking, views
from chalicelib.errors import BadRequest, FieldProblem, NotFound, Unauthorized
from chalicelib.i18n import Text
from chalicelib.services import duplicates, reporter_rights
from chalicelib.store import attachments as files
from chalicelib.store import reference, reports
from chalicelib.store.concurrent import at_once

NOT_FOUND = Text("Laporan tidak ditemukan.", "Report not found.")


def tracking_url(tracking_id: str) -> str:
    """Where people follow a report; shown on the receipt and linked from every notification."""
    return f"{get_settings().public_base_url}/track/{tracking_id}"


def tracking_qr_svg(raw_tracking_id: str) -> str:
    """A QR code of the report's tracking page, for the printed receipt: the tracking URL only, never
    the access code, so whoever sees or photographs the paper gets no more than the public view."""
    import segno  # only this route draws QR codes

    qr = segno.make_qr(tracking_url(canonical_tracking_id(raw_tracking_id)), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", xmldecl=False, omitsize=True, border=4, dark="#000", light="#fff", nl=False)
    return out.getvalue().decode()


def canonical_tracking_id(raw: str) -> str:
    tracking_id = tracking.normalize_tracking_id(raw)
    if tracking_id is None:
        raise BadRequest(Text("Nomor pelacakan tidak valid; periksa kembali.",
                              "Not a valid tracking id; please check it."),
                         [FieldProblem("tracking_id", "invalid_tracking_id",
                                       Text("Contoh: K7M2Q-X9T4Q", "Example: K7M2Q-X9T4Q"))])
    return tracking_id


def _wrong_token(report) -> Exception:
    if not views.is_publicly_visible(report):
        # A wrong token must not reveal that a confidential report exists.
        return NotFound(NOT_FOUND)
    return Unauthorized(Text("Kode akses tidak cocok dengan laporan ini.",
                             "The access code does not match this report."),
                        headers={"WWW-Authenticate": 'Bearer realm="aduan"'})


def reporters_report(raw_tracking_id: str, access_token: str | None):
    """The report, for whoever holds its access token (replies, feedback, escalation)."""
    return _for_token_holder(reports.get_report(canonical_tracking_id(raw_tracking_id)), access_token)


def _for_token_holder(report, access_token: str | None):
    if report is None:
        raise NotFound(NOT_FOUND)
    if access_token is None or not tracking.token_matches(access_token, report.access_token_hash,
                                                          report.tracking_id):
        raise _wrong_token(report)
    return report


def agency_name(agency_id: str) -> str:
    agency = reference.get_agency(agency_id)
    return agency.name if agency else agency_id


def attachments_seen_by(report, audience: str) -> list[tuple]:
    """(attachment, short-lived link) of each attachment whose file has arrived and that the audience
    may see (domain/attachments.seen_by); one S3 listing, and none at all when there is nothing to show."""
    candidates = [attachment for attachment in report.attachments or []
                  if attachment_rules.seen_by(audience, report.privacy, attachment)]
    if not candidates:
        return []
    arrived = files.uploaded_sizes(report.tracking_id)
    return [(attachment, files.download_url(
                report.tracking_id, attachment.attachment_id, attachment.content_type,
                attachment_rules.content_disposition(attachment.filename, attachment.content_type),
                attachment_rules.DOWNLOAD_EXPIRES_SECONDS))
            for attachment in candidates if attachment_rules.has_arrived(attachment, arrived)]


def reporter_view(report, timeline=None) -> dict:
    """``timeline``: the report's events when the caller read them with it."""
    timeline = reports.timeline(report.tracking_id) if timeline is None else timeline
    view = views.reporter_view(report, agency_name(report.agency_id), timeline, attachments_seen_by(report, "reporter"))
    view["reporter_actions"] = reporter_rights.available(report, datetime.now(timezone.utc))
    view["merged_into"] = duplicates.merged_view(report)
    return view


def report_view(raw_tracking_id: str, access_token: str | None) -> dict:
    """The reporter's view with a valid token; the public view without one. With a token the report
    and its timeline are read at once; without one the timeline is read only after the report was
    found showable, so a confidential report costs exactly what an unknown id does and its
    timeline never reaches this function."""
    tracking_id = canonical_tracking_id(raw_tracking_id)
    if access_token is not None:
        report, timeline = at_once(lambda: reports.get_report(tracking_id), lambda: reports.timeline(tracking_id))
        return reporter_view(_for_token_holder(report, access_token), timeline)
    report = reports.get_report_unless_privacy(tracking_id, views.NEVER_PUBLIC.value)
    if report is None:
        # Confidential reports are answered exactly like reports that do not exist, after the same work.
        raise NotFound(NOT_FOUND)
    view = views.public_view(report, agency_name(report.agency_id), reports.timeline(tracking_id),
                             attachments_seen_by(report, "public"))
    view["merged_into"] = duplicates.merged_view(report)
    return view
