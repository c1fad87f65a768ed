"""``GET /openapi.json``: the contract, generated from the schemas that validate requests."""
from __future__ import annotations

from chalice import Blueprint

openapi = Blueprint(__name__)


@openapi.route("/openapi.json", methods=["GET"])
def get_openapi() -> dict:
    # Built on the first request: the document needs pydantic and every schema, which the
    # functions that never serve it should not import.
    from chalicelib.api.openapi_document import build_spec

    return build_spec()
