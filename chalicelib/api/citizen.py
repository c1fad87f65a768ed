"""Citizen side: submit a report and track it (no account needed)."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.requests import bearer_token, header, json_body
from chalicelib.domain.reports import Channel
from chalicelib.schemas import ReportSubmission
from chalicelib.services import intake, tracking

citizen = Blueprint(__name__)


@citizen.route("/reports", methods=["POST"])
def submit_report() -> Response:
    request = citizen.current_request
    idempotency_key = intake.validate_idempotency_key(header(request, "Idempotency-Key"))
    submission = json_body(request, ReportSubmission)
    result = intake.submit_report(submission, channel=Channel.API, idempotency_key=idempotency_key)
    headers = {"Location": f"/reports/{result.receipt['tracking_id']}", "Cache-Control": "no-store"}
    if result.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(body=result.receipt, status_code=201, headers=headers)


@citizen.route("/reports/{tracking_id}", methods=["GET"])
def get_report(tracking_id: str) -> Response:
    request = citizen.current_request
    has_authorization = header(request, "Authorization") is not None
    token = bearer_token(request)
    if has_authorization and token is None:
        token = ""  # a malformed Authorization header is a wrong token, not an anonymous visit
    view = tracking.report_view(tracking_id, token)
    return Response(body=view, status_code=200,
                    headers={"Cache-Control": "no-store" if token else "no-cache"})
