"""Routing: topic suggestions for the web form, and the routing table national admins keep."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.requests import json_body, limit, staff_principal
from chalicelib.imports import on_first_use

service = on_first_use("chalicelib.services.routing")
schemas = on_first_use("chalicelib.schemas")  # with pydantic, ~0.2 s to import

routing = Blueprint(__name__)

_NO_STORE = {"Cache-Control": "no-store"}


@routing.route("/suggestions", methods=["POST"])
def suggest() -> dict:
    request = routing.current_request
    limit(request, "suggestions")
    return service.suggest(json_body(request, schemas.SuggestionRequest))


@routing.route("/admin/routing", methods=["GET"])
def routing_table() -> Response:
    request = routing.current_request
    principal = staff_principal(request)
    return Response(body=service.routing_table(principal, dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)


@routing.route("/admin/routing", methods=["PUT"])
def change_routing() -> Response:
    request = routing.current_request
    principal = staff_principal(request)
    changed = service.change_routing(principal, dict(request.query_params or {}),
                                     json_body(request, schemas.RoutingChange))
    return Response(body=changed, status_code=200, headers=_NO_STORE)


@routing.route("/admin/routing/misses", methods=["GET"])
def routing_misses() -> Response:
    request = routing.current_request
    principal = staff_principal(request)
    return Response(body=service.misses(principal, dict(request.query_params or {})), status_code=200,
                    headers=_NO_STORE)
