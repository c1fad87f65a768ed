"""``GET /openapi.json``: the contract, generated from the schemas that validate requests."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from chalice import Blueprint
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.schemas import (
    AGENCY_REGION_PATTERN,
    IDEMPOTENCY_KEY_PATTERN,
    TRACKING_ID_PATTERN,
    AgencyList,
    ErrorResponse,
    Receipt,
    RegionList,
    ReportSubmission,
    ReportView,
    TopicList,
)

openapi = Blueprint(__name__)

API_VERSION = "1.0.0"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    responses: dict[int, type[BaseModel] | None]
    request: type[BaseModel] | None = None
    parameters: list[dict] = field(default_factory=list)
    security: list[dict] | None = None
    tags: tuple[str, ...] = ()


_TRACKING_ID = {"name": "tracking_id", "in": "path", "required": True,
                "description": "Nomor pelacakan / tracking id, e.g. K7M2Q-X9T4Q",
                "schema": {"type": "string", "pattern": TRACKING_ID_PATTERN}}
_IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                    "description": "Retry-safe submission: the same key and body return the same report.",
                    "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN}}
_REGION_CODE = {"name": "region_code", "in": "query", "required": True,
                "description": "Kemendagri region code (e.g. 21.72), or ID for national agencies.",
                "schema": {"type": "string", "pattern": AGENCY_REGION_PATTERN}}

OPERATIONS: tuple[Operation, ...] = (
    Operation("post", "/reports", "submitReport", "Kirim laporan / Submit a report",
              {201: Receipt, 400: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse,
               415: ErrorResponse, 422: ErrorResponse},
              request=ReportSubmission, parameters=[_IDEMPOTENCY_KEY], tags=("citizen",)),
    Operation("get", "/reports/{tracking_id}", "getReport",
              "Lacak laporan / Track a report (reporter view with the access token)",
              {200: ReportView, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse},
              parameters=[_TRACKING_ID], security=[{}, {"reportAccessToken": []}], tags=("citizen",)),
    Operation("get", "/regions", "listRegions", "Daftar wilayah / Regions", {200: RegionList},
              tags=("reference",)),
    Operation("get", "/agencies", "listAgencies", "Instansi di wilayah / Agencies of a region",
              {200: AgencyList, 422: ErrorResponse}, parameters=[_REGION_CODE], tags=("reference",)),
    Operation("get", "/topics", "listTopics", "Topik laporan / Topics", {200: TopicList},
              tags=("reference",)),
    Operation("get", "/openapi.json", "getOpenApi", "This document", {200: None}, tags=("meta",)),
)


def _json(schema_ref: dict) -> dict:
    return {"application/json": {"schema": schema_ref}}


@lru_cache(maxsize=1)
def build_spec() -> dict:
    models = {op.request for op in OPERATIONS if op.request}
    response_models = {m for op in OPERATIONS for m in op.responses.values() if m}
    keyed = [(m, "validation") for m in models] + [(m, "serialization") for m in response_models]
    refs, definitions = models_json_schema(keyed, ref_template="#/components/schemas/{model}")
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        operation: dict = {"operationId": op.operation_id, "summary": op.summary, "tags": list(op.tags),
                           "parameters": op.parameters, "responses": {}}
        if op.request:
            operation["requestBody"] = {"required": True,
                                        "content": _json(refs[(op.request, "validation")])}
        if op.security is not None:
            operation["security"] = op.security
        for status, model in op.responses.items():
            description = "OK" if status < 400 else "Error in the contract's shape"
            operation["responses"][str(status)] = (
                {"description": description, "content": _json(refs[(model, "serialization")])}
                if model else {"description": description, "content": {"application/json": {"schema": {}}}})
        paths.setdefault(op.path, {})[op.method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Aduan API", "version": API_VERSION,
                 "description": "Pengelolaan pengaduan pelayanan publik / public-service complaints."},
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {"reportAccessToken": {
                "type": "http", "scheme": "bearer",
                "description": "The access token from the receipt of POST /reports."}},
        },
    }


@openapi.route("/openapi.json", methods=["GET"])
def get_openapi() -> dict:
    return build_spec()
