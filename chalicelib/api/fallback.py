"""Any path the API does not have: a 404 in the contract's shape instead of the gateway's own."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.errors import NotFound
from chalicelib.i18n import Text

fallback = Blueprint(__name__)

_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@fallback.route("/{proxy+}", methods=_METHODS)
def unknown_path(**_path) -> None:
    raise NotFound(Text("Alamat ini tidak ada di API.", "There is no such path in the API."))
