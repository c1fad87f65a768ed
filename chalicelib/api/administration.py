"""Administration for the staff console: the staff directory, agencies and units, the holiday calendar."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.requests import json_body, staff_principal
from chalicelib.imports import on_first_use

admin = on_first_use("chalicelib.services.administration")
schemas = on_first_use("chalicelib.schemas")  # with pydantic, ~0.2 s to import

administration = Blueprint(__name__)

_NO_STORE = {"Cache-Control": "no-store"}


@administration.route("/admin/users", methods=["GET"])
def list_users() -> Response:
    request = administration.current_request
    principal = staff_principal(request)
    return Response(body=admin.list_staff(principal, dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)


@administration.route("/admin/agencies", methods=["GET"])
def list_agencies_for_staff() -> Response:
    request = administration.current_request
    staff_principal(request)  # any signed-in staff member
    return Response(body=admin.list_agencies(dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)


@administration.route("/admin/agencies", methods=["POST"])
def create_agency() -> Response:
    request = administration.current_request
    principal = staff_principal(request)
    created = admin.create_agency(principal, json_body(request, schemas.NewAgency))
    return Response(body=created, status_code=201,
                    headers={**_NO_STORE, "Location": f"/admin/agencies/{created['agency_id']}"})


@administration.route("/admin/agencies/{agency_id}", methods=["GET"])
def get_agency_for_staff(agency_id: str) -> Response:
    staff_principal(administration.current_request)  # any signed-in staff member
    return Response(body=admin.get_agency(agency_id), status_code=200, headers=_NO_STORE)


@administration.route("/admin/agencies/{agency_id}", methods=["PATCH"])
def change_agency(agency_id: str) -> Response:
    request = administration.current_request
    principal = staff_principal(request)
    return Response(body=admin.change_agency(principal, agency_id,
                                             json_body(request, schemas.AgencyChange)),
                    status_code=200, headers=_NO_STORE)


@administration.route("/admin/agencies/{agency_id}/merge", methods=["POST"])
def merge_agency(agency_id: str) -> Response:
    request = administration.current_request
    principal = staff_principal(request)
    return Response(body=admin.merge_agency(principal, agency_id, json_body(request, schemas.AgencyMerge)),
                    status_code=200, headers=_NO_STORE)


@administration.route("/admin/holidays", methods=["GET"])
def list_holidays() -> Response:
    request = administration.current_request
    staff_principal(request)  # any signed-in staff member
    return Response(body=admin.holidays_of(dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)


@administration.route("/admin/holidays", methods=["POST"])
def add_holiday() -> Response:
    request = administration.current_request
    principal = staff_principal(request)
    return Response(body=admin.add_holiday(principal, json_body(request, schemas.NewHoliday)),
                    status_code=201, headers=_NO_STORE)


@administration.route("/admin/holidays/{date}", methods=["DELETE"])
def remove_holiday(date: str) -> Response:
    principal = staff_principal(administration.current_request)
    return Response(body=admin.remove_holiday(principal, date), status_code=200, headers=_NO_STORE)
