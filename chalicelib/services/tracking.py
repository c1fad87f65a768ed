"""Use case: someone looks up a report by its tracking id, with or without the access token."""
from __future__ import annotations

from chalicelib.domain import tracking, views
from chalicelib.errors import BadRequest, FieldProblem, NotFound, Unauthorized
from chalicelib.i18n import Text
from chalicelib.store import reference, reports

_NOT_FOUND = Text("Laporan tidak ditemukan.", "Report not found.")


def canonical_tracking_id(raw: str) -> str:
    tracking_id = tracking.normalize_tracking_id(raw)
    if tracking_id is None:
        raise BadRequest(Text("Nomor pelacakan tidak valid; periksa kembali.",
                              "Not a valid tracking id; please check it."),
                         [FieldProblem("tracking_id", "invalid_tracking_id",
                                       Text("Contoh: K7M2Q-X9T4Q", "Example: K7M2Q-X9T4Q"))])
    return tracking_id


def report_view(raw_tracking_id: str, access_token: str | None) -> dict:
    """The reporter's view with a valid token; the public view without one."""
    report = reports.get_report(canonical_tracking_id(raw_tracking_id))
    if report is None:
        raise NotFound(_NOT_FOUND)
    agency = reference.get_agency(report.agency_id)
    agency_name = agency.name if agency else report.agency_id
    if access_token is not None:
        if not tracking.token_matches(access_token, report.access_token_hash):
            if not views.is_publicly_visible(report):
                # A wrong token must not reveal that a confidential report exists.
                raise NotFound(_NOT_FOUND)
            raise Unauthorized(Text("Token akses tidak cocok dengan laporan ini.",
                                    "The access token does not match this report."),
                               headers={"WWW-Authenticate": 'Bearer realm="aduan"'})
        return views.reporter_view(report, agency_name, reports.timeline(report.tracking_id))
    if not views.is_publicly_visible(report):
        # Confidential reports are answered exactly like reports that do not exist.
        raise NotFound(_NOT_FOUND)
    return views.public_view(report, agency_name, reports.timeline(report.tracking_id))
