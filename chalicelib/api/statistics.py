"""Statistics and compliance reports for staff and oversight bodies."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.requests import json_body, staff_principal
from chalicelib.imports import on_first_use

compliance = on_first_use("chalicelib.services.compliance")
stats_service = on_first_use("chalicelib.services.statistics")
schemas = on_first_use("chalicelib.schemas")  # with pydantic, ~0.2 s to import

statistics = Blueprint(__name__)

_NO_STORE = {"Cache-Control": "no-store"}


@statistics.route("/admin/stats", methods=["GET"])
def get_stats() -> Response:
    request = statistics.current_request
    principal = staff_principal(request)
    return Response(body=stats_service.stats(principal, dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)


@statistics.route("/admin/compliance-reports", methods=["POST"])
def request_compliance_report() -> Response:
    request = statistics.current_request
    principal = staff_principal(request)
    created = compliance.request_report(principal, json_body(request, schemas.ComplianceReportRequest))
    return Response(body=created, status_code=201,
                    headers={**_NO_STORE, "Location": f"/admin/compliance-reports/{created['id']}"})


@statistics.route("/admin/compliance-reports", methods=["GET"])
def list_compliance_reports() -> Response:
    request = statistics.current_request
    principal = staff_principal(request)
    return Response(body=compliance.list_reports(principal, dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)


@statistics.route("/admin/compliance-reports/{report_id}", methods=["GET"])
def get_compliance_report(report_id: str) -> Response:
    principal = staff_principal(statistics.current_request)
    return Response(body=compliance.get_report(principal, report_id), status_code=200, headers=_NO_STORE)
