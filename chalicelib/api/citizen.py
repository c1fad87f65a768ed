"""Citizen side: submit a report and track it (no account needed)."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.requests import bearer_token, header, json_body, limit
from chalicelib.domain.reports import Channel
from chalicelib.imports import on_first_use

attachments = on_first_use("chalicelib.services.attachments")
followthrough = on_first_use("chalicelib.services.followthrough")
form_check = on_first_use("chalicelib.services.form_check")
intake = on_first_use("chalicelib.services.intake")
public_reports = on_first_use("chalicelib.services.public_reports")
tracking = on_first_use("chalicelib.services.tracking")
schemas = on_first_use("chalicelib.schemas")  # with pydantic, ~0.2 s to import

citizen = Blueprint(__name__)


@citizen.route("/reports", methods=["POST"])
def submit_report() -> Response:
    request = citizen.current_request
    limit(request, "reports")
    idempotency_key = intake.validate_idempotency_key(header(request, "Idempotency-Key"))
    submission = json_body(request, schemas.ReportSubmission)
    # The app's own web form says so, and proves it; anything else calling the API is the API channel.
    channel = Channel.WEB if header(request, "X-Aduan-Client") == "web" else Channel.API
    if channel == Channel.WEB:
        form_check.check(header(request, "X-Aduan-Challenge"), header(request, "X-Aduan-Nonce"),
                         header(request, "X-Aduan-Trap"))
    result = intake.submit_report(submission, channel=channel, idempotency_key=idempotency_key)
    headers = {"Location": f"/reports/{result.receipt['tracking_id']}", "Cache-Control": "no-store"}
    if result.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(body=result.receipt, status_code=201, headers=headers)


@citizen.route("/reports", methods=["GET"])
def list_public_reports() -> Response:
    page = public_reports.list_reports(citizen.current_request.query_params or {})
    return Response(body=page, status_code=200, headers={"Cache-Control": "no-cache"})


@citizen.route("/forms/challenge", methods=["GET"])
def form_challenge() -> Response:
    return Response(body=form_check.new_challenge(), status_code=200, headers={"Cache-Control": "no-store"})


def _access_token(request) -> str | None:
    token = bearer_token(request)
    if token is None and header(request, "Authorization") is not None:
        return ""  # a malformed Authorization header is a wrong token, not an anonymous visit
    return token


def _reporters_token(request) -> str | None:
    """The access token of a reporter's write, counted against the caller's token checks."""
    limit(request, "token_checks")
    return _access_token(request)


@citizen.route("/reports/{tracking_id}", methods=["GET"])
def get_report(tracking_id: str) -> Response:
    request = citizen.current_request
    token = _access_token(request)
    if token is not None:
        limit(request, "token_checks")
    view = tracking.report_view(tracking_id, token)
    return Response(body=view, status_code=200,
                    headers={"Cache-Control": "no-store" if token else "no-cache"})


@citizen.route("/reports/{tracking_id}/replies", methods=["POST"])
def reply(tracking_id: str) -> Response:
    request = citizen.current_request
    view = followthrough.reply(tracking_id, _reporters_token(request), json_body(request, schemas.Reply))
    return Response(body=view, status_code=200, headers={"Cache-Control": "no-store"})


@citizen.route("/reports/{tracking_id}/feedback", methods=["POST"])
def give_feedback(tracking_id: str) -> Response:
    request = citizen.current_request
    view = followthrough.feedback(tracking_id, _reporters_token(request),
                                  json_body(request, schemas.Feedback))
    return Response(body=view, status_code=200, headers={"Cache-Control": "no-store"})


@citizen.route("/reports/{tracking_id}/escalation", methods=["POST"])
def escalate(tracking_id: str) -> Response:
    request = citizen.current_request
    view = followthrough.escalate(tracking_id, _reporters_token(request),
                                  json_body(request, schemas.Escalation, allow_empty=True))
    return Response(body=view, status_code=200, headers={"Cache-Control": "no-store"})


@citizen.route("/reports/{tracking_id}/attachments", methods=["POST"])
def add_attachment(tracking_id: str) -> Response:
    request = citizen.current_request
    limit(request, "attachments")
    result = attachments.add(tracking_id, _reporters_token(request),
                             json_body(request, schemas.NewAttachment))
    return Response(body=result, status_code=201, headers={"Cache-Control": "no-store"})
