"""Reading requests: body size, JSON, schema validation, headers; refusals in the contract's shape."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from chalice.app import Request

from chalicelib.auth import principal_from_token
from chalicelib.config import get_settings
from chalicelib.domain.permissions import Principal
from chalicelib.errors import (
    INVALID_REQUEST,
    BadRequest,
    FieldProblem,
    PayloadTooLarge,
    Unauthorized,
    ValidationFailed,
)
from chalicelib.i18n import Text
from chalicelib.services import limits

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

# Indonesian and English wording for each kind of problem pydantic (or our validators) reports.
_PROBLEM_TEXTS: dict[str, Text] = {
    "missing": Text("Wajib diisi.", "This field is required."),
    "extra_forbidden": Text("Kolom tidak dikenal.", "Unknown field."),
    "string_too_short": Text("Terlalu pendek: minimal {min_length} karakter.",
                             "Too short: at least {min_length} characters."),
    "string_too_long": Text("Terlalu panjang: maksimal {max_length} karakter.",
                            "Too long: at most {max_length} characters."),
    "string_pattern_mismatch": Text("Formatnya tidak valid.", "The format is not valid."),
    "enum": Text("Harus salah satu dari: {expected}.", "Must be one of: {expected}."),
    "literal_error": Text("Harus salah satu dari: {expected}.", "Must be one of: {expected}."),
    "string_type": Text("Harus berupa teks.", "Must be a string."),
    "float_type": Text("Harus berupa angka.", "Must be a number."),
    "float_parsing": Text("Harus berupa angka.", "Must be a number."),
    "finite_number": Text("Harus berupa angka terhingga.", "Must be a finite number."),
    "bool_type": Text("Harus berupa true atau false.", "Must be true or false."),
    "model_type": Text("Harus berupa objek JSON.", "Must be a JSON object."),
    "model_attributes_type": Text("Harus berupa objek JSON.", "Must be a JSON object."),
    "dict_type": Text("Harus berupa objek JSON.", "Must be a JSON object."),
    "list_type": Text("Harus berupa daftar (array) JSON.", "Must be a JSON array."),
    "too_long": Text("Terlalu banyak: maksimal {max_length}.", "Too many: at most {max_length}."),
    "date_type": Text("Harus berupa tanggal YYYY-MM-DD.", "Must be a date as YYYY-MM-DD."),
    "date_parsing": Text("Bukan tanggal yang valid (YYYY-MM-DD).", "Not a real date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": Text("Bukan tanggal yang valid (YYYY-MM-DD).",
                                       "Not a real date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": Text("Bukan tanggal yang valid (YYYY-MM-DD).",
                                       "Not a real date (YYYY-MM-DD)."),
    "greater_than_equal": Text("Harus paling kecil {ge}.", "Must be at least {ge}."),
    "less_than_equal": Text("Harus paling besar {le}.", "Must be at most {le}."),
    "control_characters": Text("Tidak boleh berisi karakter kontrol; "
                               "isian satu baris juga tanpa baris baru atau tab.",
                               "Must not contain control characters; "
                               "a one-line field takes no line breaks or tabs."),
    "path_separator": Text("Hanya nama berkas, tanpa / atau \\.", "Only a file name, without / or \\."),
    "invalid_filename": Text("Bukan nama berkas yang valid.", "Not a valid file name."),
    "int_type": Text("Harus berupa bilangan bulat.", "Must be a whole number."),
    "int_parsing": Text("Harus berupa bilangan bulat.", "Must be a whole number."),
    "invalid_email": Text("Alamat e-mail tidak valid.", "Not a valid e-mail address."),
    "invalid_phone": Text("Nomor telepon Indonesia tidak valid (contoh: 0812 3456 7890).",
                          "Not a valid Indonesian phone number (e.g. 0812 3456 7890)."),
    "date_out_of_range": Text("Tahun harus antara 2000 dan 2100.", "The year must be between 2000 and 2100."),
    "timezone_aware": Text("Sertakan zona waktu, mis. 2026-11-20T09:00:00+07:00.",
                           "Include the UTC offset, e.g. 2026-11-20T09:00:00+07:00."),
    "datetime_type": Text("Harus berupa waktu ISO 8601.", "Must be an ISO 8601 date and time."),
    "datetime_parsing": Text("Bukan waktu yang valid (ISO 8601).", "Not a valid ISO 8601 date and time."),
    "date_in_future": Text("Tanggal tidak boleh di masa depan.", "The date must not be in the future."),
    "date_before_republic": Text("Tanggal paling awal {earliest}.", "The earliest date is {earliest}."),
    "coordinates_incomplete": Text("lat dan lon harus diisi bersama.", "lat and lon must be given together."),
    "location_empty": Text("Isi alamat atau koordinat.", "Give an address or coordinates."),
}


def _problem(error: dict) -> FieldProblem:
    field = ".".join(str(part) for part in error["loc"]) or "body"
    context = {key: (", ".join(map(str, value)) if isinstance(value, (list, tuple)) else value)
               for key, value in (error.get("ctx") or {}).items()}
    text = _PROBLEM_TEXTS.get(error["type"])
    if text is None:
        text = Text(error["msg"], error["msg"])
    else:
        # pydantic joins the allowed values with an English "or".
        context_id = {key: value.replace("' or '", "' atau '") if isinstance(value, str) else value
                      for key, value in context.items()}
        text = Text(text.id.format(**context_id), text.en.format(**context))
    return FieldProblem(field=field, code=error["type"], message=text)


def json_body(request: Request, schema: type[M], *, allow_empty: bool = False) -> M:
    """The body validated against ``schema``; ``allow_empty`` reads no body as ``{}``."""
    from pydantic import ValidationError  # loaded already by the schema

    raw = request.raw_body or b""
    if allow_empty and not raw.strip():
        raw = b"{}"
    limit = get_settings().max_body_bytes
    if len(raw) > limit:
        raise PayloadTooLarge(Text(f"Isian terlalu besar (maksimal {limit} byte).",
                                   f"The body is too large (at most {limit} bytes)."))
    if not raw.strip():
        raise BadRequest(Text("Isian permintaan kosong.", "The request body is empty."),
                         [FieldProblem("body", "missing", Text("Wajib diisi.", "Required."))])
    try:
        return schema.model_validate_json(raw)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_input=False)
        if any(problem["type"] == "json_invalid" for problem in problems):
            raise BadRequest(Text("Isian bukan JSON yang valid.", "The body is not valid JSON."),
                             [FieldProblem("body", "json_invalid",
                                           Text("Periksa tanda kutip, koma dan kurung.",
                                                "Check quotes, commas and brackets."))]) from None
        raise ValidationFailed(INVALID_REQUEST, [_problem(p) for p in problems]) from None


def header(request: Request, name: str) -> str | None:
    return (request.headers or {}).get(name.lower())


def bearer_token(request: Request) -> str | None:
    value = header(request, "authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def client_address(request: Request) -> str:
    """The caller's address as API Gateway saw it (``chalice local`` says 127.0.0.1 for everyone)."""
    identity = (request.context or {}).get("identity") or {}
    return identity.get("sourceIp") or "unknown"


def limit(request: Request, limit_name: str) -> None:
    """Count the request against one of the caller's abuse limits; 429 with Retry-After past it."""
    limits.admit(limit_name, client_address(request))


def staff_principal(request: Request) -> Principal:
    """The signed-in staff member; 401 without a valid Cognito ID token."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized(Text("Masuk terlebih dahulu (Authorization: Bearer <id_token>).",
                                "Sign in first (Authorization: Bearer <id_token>)."),
                           headers={"WWW-Authenticate": 'Bearer realm="aduan-staff"'})
    return principal_from_token(token)
