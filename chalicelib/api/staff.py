"""Staff side: sign-in, queues, case view, actions, staff attachments, officer-recorded reports, accounts."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.requests import json_body, limit, staff_principal
from chalicelib.domain.lifecycle import STAFF_ACTIONS, Action
from chalicelib.imports import on_first_use

accounts = on_first_use("chalicelib.services.accounts")
attachments = on_first_use("chalicelib.services.attachments")
intake = on_first_use("chalicelib.services.intake")
queues = on_first_use("chalicelib.services.queues")
undelivered = on_first_use("chalicelib.services.undelivered")
workflow = on_first_use("chalicelib.services.workflow")
schemas = on_first_use("chalicelib.schemas")  # with pydantic, ~0.2 s to import

staff = Blueprint(__name__)

_NO_STORE = {"Cache-Control": "no-store"}


@staff.route("/auth/login", methods=["POST"])
def login() -> Response:
    request = staff.current_request
    limit(request, "login")
    tokens = accounts.login(json_body(request, schemas.Login))
    return Response(body=tokens, status_code=200, headers=_NO_STORE)


@staff.route("/admin/me", methods=["GET"])
def who_am_i() -> Response:
    return Response(body=accounts.describe(staff_principal(staff.current_request)), status_code=200,
                    headers=_NO_STORE)


@staff.route("/admin/users", methods=["POST"])
def create_user() -> Response:
    request = staff.current_request
    principal = staff_principal(request)
    created = accounts.create_user(principal, json_body(request, schemas.NewStaffUser))
    return Response(body=created, status_code=201, headers=_NO_STORE)


@staff.route("/admin/users/{username}/disable", methods=["POST"])
def disable_user(username: str) -> Response:
    principal = staff_principal(staff.current_request)
    return Response(body=accounts.set_disabled(principal, username, True), status_code=200, headers=_NO_STORE)


@staff.route("/admin/users/{username}/enable", methods=["POST"])
def enable_user(username: str) -> Response:
    principal = staff_principal(staff.current_request)
    return Response(body=accounts.set_disabled(principal, username, False), status_code=200, headers=_NO_STORE)


@staff.route("/admin/reports", methods=["GET"])
def list_reports() -> Response:
    request = staff.current_request
    principal = staff_principal(request)
    page = queues.list_reports(principal, dict(request.query_params or {}))
    return Response(body=page, status_code=200, headers=_NO_STORE)


@staff.route("/admin/queues", methods=["GET"])
def queue_counts() -> Response:
    principal = staff_principal(staff.current_request)
    return Response(body=queues.queue_counts(principal), status_code=200, headers=_NO_STORE)


@staff.route("/admin/reports", methods=["POST"])
def record_report() -> Response:
    request = staff.current_request
    principal = staff_principal(request)
    result = intake.record_report(principal, json_body(request, schemas.RecordedReport))
    return Response(body=result.receipt, status_code=201,
                    headers={**_NO_STORE, "Location": f"/reports/{result.receipt['tracking_id']}"})


@staff.route("/admin/reports/{tracking_id}", methods=["GET"])
def get_case(tracking_id: str) -> Response:
    principal = staff_principal(staff.current_request)
    return Response(body=workflow.get_case(principal, tracking_id), status_code=200, headers=_NO_STORE)


@staff.route("/admin/reports/{tracking_id}/attachments", methods=["POST"])
def add_attachment(tracking_id: str) -> Response:
    request = staff.current_request
    principal = staff_principal(request)
    result = attachments.add_for_staff(principal, tracking_id, json_body(request, schemas.StaffAttachment))
    return Response(body=result, status_code=201, headers=_NO_STORE)


@staff.route("/admin/reports/{tracking_id}/attachments/{attachment_id}/hide", methods=["POST"])
def hide_attachment(tracking_id: str, attachment_id: str) -> Response:
    request = staff.current_request
    principal = staff_principal(request)
    view = attachments.set_hidden(principal, tracking_id, attachment_id,
                                  json_body(request, schemas.HideAttachment), hide=True)
    return Response(body=view, status_code=200, headers=_NO_STORE)


@staff.route("/admin/reports/{tracking_id}/attachments/{attachment_id}/unhide", methods=["POST"])
def unhide_attachment(tracking_id: str, attachment_id: str) -> Response:
    request = staff.current_request
    principal = staff_principal(request)
    view = attachments.set_hidden(principal, tracking_id, attachment_id,
                                  json_body(request, schemas.UnhideAttachment, allow_empty=True), hide=False)
    return Response(body=view, status_code=200, headers=_NO_STORE)


@staff.route("/admin/notifications", methods=["GET"])
def list_undelivered_notifications() -> Response:
    request = staff.current_request
    principal = staff_principal(request)
    page = undelivered.list_undelivered(principal, dict(request.query_params or {}))
    return Response(body=page, status_code=200, headers=_NO_STORE)


@staff.route("/admin/notifications/{notification_id}/retry", methods=["POST"])
def retry_notification(notification_id: str) -> Response:
    principal = staff_principal(staff.current_request)
    return Response(body=undelivered.retry(principal, notification_id), status_code=200, headers=_NO_STORE)


def _action_route(action: Action):
    def act(tracking_id: str) -> Response:
        request = staff.current_request
        principal = staff_principal(request)
        body = json_body(request, schemas.ACTION_BODIES[action], allow_empty=True)
        return Response(body=workflow.perform(principal, tracking_id, action, body), status_code=200,
                        headers=_NO_STORE)

    act.__name__ = f"act_{action.value}"
    return act


# One route per action, so each is documented with its own body in OpenAPI.
for _action in STAFF_ACTIONS:
    staff.route(f"/admin/reports/{{tracking_id}}/{_action.value}", methods=["POST"],
                name=f"act_{_action.value}")(_action_route(_action))
