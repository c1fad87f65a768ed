"""Staff authentication: Cognito ID tokens verified in the app against the pool's JWKS.

The same code runs under ``chalice local`` (moto's pool) and in AWS: signature (RS256
only), issuer, audience (the app client), expiry and ``token_use`` are all checked. Then the
staff record, not the token, says who the caller is: its role, agency and unit must be what
the token claims, and a disabled account is refused whatever its token says.
"""
from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from chalicelib.config import get_settings
from chalicelib.domain.permissions import ROLE_PRECEDENCE, Principal, Role, claims_disagreeing, is_placed
from chalicelib.errors import Forbidden, Unauthorized
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.store import staff
from chalicelib.store.models import StaffModel

# jwt (with cryptography) and requests are imported where a token is checked: ~75 ms at start
# that functions which never see a staff token (the scheduled ones, citizen routes) need not pay.
if TYPE_CHECKING:
    import jwt

_INVALID_TOKEN = Text("Sesi tidak valid atau sudah berakhir; silakan masuk kembali.",
                      "The session is not valid or has expired; please sign in again.")
_NO_ROLE = Text("Akun ini belum memiliki peran; hubungi admin nasional.",
                "This account has no role yet; ask the national admin.")
_NOT_PLACED = Text("Akun ini belum ditempatkan di instansi atau unit kerja; hubungi admin.",
                   "This account has no agency or unit yet; ask an admin.")
_NOT_ON_RECORD = Text("Akun ini tidak terdaftar sebagai petugas; hubungi admin nasional.",
                      "This account is not on the staff register; ask the national admin.")
_CLAIMS_DISAGREE = Text("Sesi ini tidak sesuai dengan data akun Anda; hubungi admin.",
                        "This session does not match your account's record; ask an admin.")
_DISABLED = Text("Akun ini dinonaktifkan; hubungi admin.", "This account is disabled; ask an admin.")
_LEEWAY_SECONDS = 30
# A token signed with a key we do not know yet triggers a refetch, at most this often.
_MIN_REFETCH_SECONDS = 60


class _KeySet:
    """The pool's signing keys, fetched on first use and kept for a while."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, jwt.PyJWK] = {}
        self._url = ""
        self._fetched_at = 0.0

    def _fetch(self, url: str) -> None:
        import jwt
        import requests

        response = requests.get(url, timeout=5)
        response.raise_for_status()
        keys = {}
        for jwk in response.json().get("keys", []):
            if jwk.get("kty") == "RSA" and jwk.get("kid"):
                keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="RS256")
        self._keys, self._url, self._fetched_at = keys, url, time.monotonic()

    def key(self, kid: str) -> jwt.PyJWK | None:
        settings = get_settings()
        url = settings.jwks_url or f"{settings.token_issuer}/.well-known/jwks.json"
        with self._lock:
            age = time.monotonic() - self._fetched_at
            stale = url != self._url or age > settings.jwks_cache_seconds
            unknown = kid not in self._keys and age > _MIN_REFETCH_SECONDS
            if stale or unknown:
                self._fetch(url)
            return self._keys.get(kid)


class _StaffRecords:
    """Staff records this container read lately, so a request costs no read of its own."""

    def __init__(self, clock=time.monotonic) -> None:
        self._lock = threading.Lock()
        self._records: dict[str, tuple[float, StaffModel]] = {}
        self._clock = clock

    def get(self, username: str) -> StaffModel | None:
        max_age = get_settings().staff_record_cache_seconds
        with self._lock:
            kept = self._records.get(username)
        if kept is not None and self._clock() - kept[0] < max_age:
            return kept[1]
        record = staff.get_staff(username)
        with self._lock:
            if record is None:
                self._records.pop(username, None)
            else:
                self._records[username] = (self._clock(), record)
        return record

    def forget(self, username: str) -> None:
        with self._lock:
            self._records.pop(username, None)


_key_set = _KeySet()
_staff_records = _StaffRecords()


def reset_key_cache() -> None:
    """Forget the fetched keys and staff records (a new pool in tests, or keys rotated)."""
    global _key_set, _staff_records
    _key_set = _KeySet()
    _staff_records = _StaffRecords()


def forget_staff_record(username: str) -> None:
    """This container applies a change to the account at once (others within the cache's age)."""
    _staff_records.forget(username)


def principal_from_token(token: str) -> Principal:
    """The staff member a valid ID token speaks for; Unauthorized for anything else."""
    import jwt

    settings = get_settings()
    if not settings.user_pool_id or not settings.user_pool_client_id:
        raise RuntimeError("USER_POOL_ID and USER_POOL_CLIENT_ID are not configured")
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != "RS256":
            raise jwt.InvalidTokenError("unexpected algorithm")
        key = _key_set.key(str(header.get("kid", "")))
        if key is None:
            raise jwt.InvalidTokenError("unknown signing key")
        claims = jwt.decode(token, key=key, algorithms=["RS256"], audience=settings.user_pool_client_id,
                            issuer=settings.token_issuer, leeway=_LEEWAY_SECONDS,
                            options={"require": ["exp", "iat", "iss", "aud", "token_use"]})
        if claims.get("token_use") != "id":
            raise jwt.InvalidTokenError("not an ID token")
    except jwt.PyJWTError as error:
        logger.info("staff token refused", extra={"reason": type(error).__name__})
        raise Unauthorized(_INVALID_TOKEN, headers={"WWW-Authenticate": 'Bearer realm="aduan-staff"'}) from None
    groups = set(claims.get("cognito:groups") or [])
    role = next((role for role in ROLE_PRECEDENCE if role.value in groups), None)
    if role is None:
        raise Forbidden(_NO_ROLE)
    claimed = Principal(username=claims.get("cognito:username", ""), role=role,
                        agency_id=claims.get("custom:agency_id") or None,
                        unit_id=claims.get("custom:unit_id") or None, email=claims.get("email"))
    principal = _as_on_record(claimed, str(claims.get("sub", "")))
    if not is_placed(principal):
        raise Forbidden(_NOT_PLACED)
    return principal


def _as_on_record(claimed: Principal, subject: str) -> Principal:
    """The caller as the staff record places them; Unauthorized when the record disagrees."""
    record = _staff_records.get(claimed.username)
    refusal = None
    if record is None:
        refusal, code, mismatched = _NOT_ON_RECORD, "not_on_staff_record", []
    else:
        recorded = Principal(username=record.username, role=Role(record.role), agency_id=record.agency_id,
                             unit_id=record.unit_id, email=record.email)
        mismatched = claims_disagreeing(claimed, recorded)
        if mismatched:
            refusal, code = _CLAIMS_DISAGREE, "token_claims_disagree"
        elif record.disabled_at is not None:
            refusal, code = _DISABLED, "account_disabled"
    if refusal is not None:
        # The token's subject (an opaque id) rather than the name, so the log holds no personal data.
        logger.warning("staff token refused by the staff record",
                       extra={"reason": code, "fields": mismatched, "token_subject": subject})
        raise Unauthorized(refusal, code=code, headers={"WWW-Authenticate": 'Bearer realm="aduan-staff"'})
    return recorded


__all__ = ["Principal", "Role", "forget_staff_record", "principal_from_token", "reset_key_cache"]
