"""Reference data: regions, agencies of a region, topics."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.imports import on_first_use

catalog = on_first_use("chalicelib.services.catalog")

reference = Blueprint(__name__)


@reference.route("/regions", methods=["GET"])
def list_regions() -> dict:
    params = reference.current_request.query_params or {}
    return catalog.regions(params.get("parent_code"))


@reference.route("/agencies", methods=["GET"])
def list_agencies() -> dict:
    params = reference.current_request.query_params or {}
    return catalog.agencies(params.get("region_code"))


@reference.route("/topics", methods=["GET"])
def list_topics() -> dict:
    return catalog.topics()
