"""The pages people use: the citizen form, receipt, tracking, public list, and the staff console."""
from __future__ import annotations

import html

from chalice import Blueprint, Response

from chalicelib.errors import NotFound
from chalicelib.i18n import Text
from chalicelib.imports import on_first_use
from chalicelib.web import pages

tracking = on_first_use("chalicelib.services.tracking")

web = Blueprint(__name__)

_PAGE_CACHE = {"Cache-Control": "no-cache"}
# Pages and their files, not part of the JSON contract (and so not in OpenAPI).
PAGE_PATHS = frozenset({"/", "/receipt", "/track", "/track/{tracking_id}", "/track/{tracking_id}/qr",
                        "/browse", "/console", "/static/{name}"})


def _base_path(request) -> str:
    """The API Gateway stage prefix the browser sees (``/api``), or nothing locally."""
    context = request.context or {}
    stage, path = context.get("stage"), context.get("path") or ""
    if stage and (path == f"/{stage}" or path.startswith(f"/{stage}/")):
        return html.escape(f"/{stage}", quote=True)
    return ""


def _page(name: str) -> Response:
    body = pages.render(name, _base_path(web.current_request))
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/html; charset=utf-8", **_PAGE_CACHE, **pages.security_headers()})


@web.route("/", methods=["GET"])
def home() -> Response:
    return _page("home")


@web.route("/receipt", methods=["GET"])
def receipt() -> Response:
    return _page("receipt")


@web.route("/track", methods=["GET"])
def track() -> Response:
    return _page("track")


@web.route("/track/{tracking_id}", methods=["GET"])
def track_report(tracking_id: str) -> Response:
    return _page("track")  # the script reads the id from the path


@web.route("/track/{tracking_id}/qr", methods=["GET"])
def tracking_qr(tracking_id: str) -> Response:
    """The QR code printed on a receipt: an SVG of the tracking page's URL (no report is read)."""
    return Response(body=tracking.tracking_qr_svg(tracking_id), status_code=200, headers={
        "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400",
        "Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"})


@web.route("/browse", methods=["GET"])
def browse() -> Response:
    return _page("browse")


@web.route("/console", methods=["GET"])
def console() -> Response:
    return _page("console")


@web.route("/static/{name}", methods=["GET"])
def static(name: str) -> Response:
    asset = pages.static_file(name)
    if asset is None:
        raise NotFound(Text("Berkas ini tidak ada.", "There is no such file."))
    # A URL with the content hash may be kept for ever; a module imported by plain name is
    # checked again on each visit, so a new release is never mixed with an old file.
    versioned = (web.current_request.query_params or {}).get("v") == asset.version
    return Response(body=asset.body, status_code=200, headers={
        "Content-Type": asset.content_type,
        "Cache-Control": "public, max-age=31536000, immutable" if versioned else "no-cache",
        "X-Content-Type-Options": "nosniff"})
