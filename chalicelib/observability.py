"""Powertools logger, metrics and tracer, and the HTTP middleware that uses them.

The middleware is also the one place where errors become responses: domain errors
(``AppError``) in the contract's shape, Chalice's own refusals (405, 415) rewritten
into that shape, AWS throttles and outages as 503 with Retry-After, and anything
unexpected as a logged 500.
"""
from __future__ import annotations

import functools
import uuid

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from chalice.app import Chalice, Request, Response

from chalicelib.errors import AppError, error_body
from chalicelib.i18n import Text, language_from_header
from chalicelib.store import faults

SERVICE = "aduan"
NAMESPACE = "Aduan"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)

CORRELATION_HEADER = "X-Correlation-Id"
# Refusals Chalice makes before our code runs, reworded in both languages.
_CHALICE_REFUSALS = {
    405: ("method_not_allowed", Text("Metode HTTP ini tidak didukung untuk alamat ini.",
                                     "This HTTP method is not supported for this path.")),
    415: ("unsupported_media_type", Text("Kirim isian sebagai application/json.",
                                         "Send the body as application/json.")),
}


def correlation_id_for(request: Request) -> str:
    supplied = (request.headers or {}).get(CORRELATION_HEADER.lower(), "")
    if supplied and len(supplied) <= 128 and supplied.isprintable():
        return supplied
    context = request.context or {}
    return context.get("requestId") or str(uuid.uuid4())


def http_middleware(request: Request, get_response) -> Response:
    correlation_id = correlation_id_for(request)
    logger.append_keys(correlation_id=correlation_id, path=request.context.get("resourcePath"),
                       method=request.method)
    language = language_from_header((request.headers or {}).get("accept-language"))
    try:
        response = get_response(request)
    except AppError as error:
        logger.info("request refused", extra={"status": error.status, "error_code": error.code})
        response = Response(body=error.render(language), status_code=error.status,
                            headers=dict(error.headers))
    except Exception:
        logger.exception("unhandled error")
        response = Response(
            body=error_body("internal_error",
                            "Terjadi kesalahan pada server. / An internal error occurred.",
                            [{"field": None, "code": "correlation_id", "message": correlation_id}]),
            status_code=500)
    else:
        response = _in_contract_shape(response, language)
    response.headers[CORRELATION_HEADER] = correlation_id
    logger.info("request served", extra={"status": response.status_code})
    logger.remove_keys(["correlation_id", "path", "method"])
    return response


def pass_aws_faults_to_middleware(app: Chalice) -> None:
    """Every route raises a throttle or outage AWS still answers after the SDK's retries as
    ``ServiceUnavailable``: Chalice turns any other exception into its own 500 before the
    middleware sees it. Call once all blueprints are registered."""
    for methods in app.routes.values():
        for route in methods.values():
            route.view_function = _busy_when_aws_is(route.view_function)


def _busy_when_aws_is(view):
    @functools.wraps(view)
    def answering(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Exception as error:
            if not faults.is_passing(error):
                raise
            logger.warning("AWS busy or unavailable", exc_info=True)
            raise faults.unavailable() from error
    return answering


def _in_contract_shape(response: Response, language: str) -> Response:
    """Chalice answers some refusals itself as ``{"Code", "Message"}``; reshape them."""
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict) and "Code" in body:
        if response.status_code >= 500:
            logger.error("chalice reported an internal error")
        code, text = _CHALICE_REFUSALS.get(response.status_code,
                                           ("error", Text(str(body.get("Message", "")),
                                                          str(body.get("Message", "")))))
        response.body = error_body(code, text.render(language))
        response.headers["Content-Type"] = "application/json"
    return response


def count_report_submitted(kind: str, channel: str) -> None:
    with single_metric(name="ReportSubmitted", unit=MetricUnit.Count, value=1,
                       namespace=NAMESPACE) as metric:
        metric.add_dimension(name="kind", value=kind)
        metric.add_dimension(name="channel", value=channel)
