"""Domain errors and their single mapping to the contract's error shape.

Every error a caller can cause is an ``AppError`` carrying its HTTP status. They
derive from Chalice's ``ChaliceUnhandledError`` only so that Chalice passes them on
to the error middleware (``observability.py``), the one place that renders them.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalice.app import ChaliceUnhandledError

from chalicelib.i18n import Text


@dataclass(frozen=True)
class FieldProblem:
    field: str
    code: str
    message: Text

    def render(self, language: str) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message.render(language)}


class AppError(ChaliceUnhandledError):
    status = 400
    code = "bad_request"

    def __init__(self, message: Text, details: list[FieldProblem] | None = None,
                 headers: dict[str, str] | None = None, code: str | None = None) -> None:
        super().__init__(message.en)
        if code is not None:
            self.code = code  # a more precise code than the class's, e.g. version_conflict
        self.message = message
        self.details = details or []
        self.headers = headers or {}

    def render(self, language: str) -> dict:
        return error_body(self.code, self.message.render(language),
                          [d.render(language) for d in self.details])


class BadRequest(AppError):
    status, code = 400, "bad_request"


class Unauthorized(AppError):
    status, code = 401, "unauthorized"


class Forbidden(AppError):
    status, code = 403, "forbidden"


class NotFound(AppError):
    status, code = 404, "not_found"


class Conflict(AppError):
    """The request is fine but the report's state does not allow it now."""

    status, code = 409, "conflict"


class IdempotencyKeyReused(AppError):
    status, code = 409, "idempotency_key_reused"


class PayloadTooLarge(AppError):
    status, code = 413, "payload_too_large"


class TooManyRequests(AppError):
    status, code = 429, "too_many_requests"


class ValidationFailed(AppError):
    status, code = 422, "validation_failed"


class ServiceUnavailable(AppError):
    """AWS is throttling or briefly unavailable even after the SDK's retries; nothing was
    changed, and the same request can be sent again after ``Retry-After`` seconds."""

    status, code = 503, "temporarily_unavailable"


BUSY = Text("Layanan sedang sibuk; coba lagi sebentar lagi.", "The service is busy; try again shortly.")


INVALID_REQUEST = Text("Isian laporan tidak valid.", "The request is not valid.")


def invalid(field: str, code: str, message: Text) -> ValidationFailed:
    """A 422 naming the one field that is wrong."""
    return ValidationFailed(INVALID_REQUEST, [FieldProblem(field, code, message)])


def error_body(code: str, message: str, details: list | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or []}}
