"""Answer templates: kept by national and agency admins, offered filled on the forms that write to a reporter."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.requests import json_body, staff_principal
from chalicelib.imports import on_first_use

service = on_first_use("chalicelib.services.templates")
schemas = on_first_use("chalicelib.schemas")  # with pydantic, ~0.2 s to import

templates = Blueprint(__name__)

_NO_STORE = {"Cache-Control": "no-store"}


@templates.route("/admin/templates", methods=["GET"])
def list_templates() -> Response:
    request = templates.current_request
    principal = staff_principal(request)
    return Response(body=service.list_templates(principal, dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)


@templates.route("/admin/templates", methods=["POST"])
def create_template() -> Response:
    request = templates.current_request
    principal = staff_principal(request)
    created = service.create_template(principal, json_body(request, schemas.NewTemplate))
    return Response(body=created, status_code=201,
                    headers={**_NO_STORE, "Location": f"/admin/templates/{created['template_id']}"})


@templates.route("/admin/templates/{template_id}", methods=["PUT"])
def change_template(template_id: str) -> Response:
    request = templates.current_request
    principal = staff_principal(request)
    return Response(body=service.change_template(principal, template_id, json_body(request, schemas.TemplateChange)),
                    status_code=200, headers=_NO_STORE)


@templates.route("/admin/templates/{template_id}", methods=["DELETE"])
def remove_template(template_id: str) -> Response:
    request = templates.current_request
    principal = staff_principal(request)
    return Response(body=service.remove_template(principal, template_id, dict(request.query_params or {})),
                    status_code=200, headers=_NO_STORE)


@templates.route("/admin/reports/{tracking_id}/templates", methods=["GET"])
def templates_for_report(tracking_id: str) -> Response:
    request = templates.current_request
    principal = staff_principal(request)
    return Response(body=service.templates_for_report(principal, tracking_id, dict(request.query_params or {})),
                    status_code=200, headers=_NO_STORE)
