"""Staff authentication: Cognito ID tokens verified in the app against the pool's JWKS.

The same code runs under ``chalice local`` (moto's pool) and in AWS: signature (RS256
only), issuer, audience (the app client), expiry and ``token_use`` are all checked
before a token's groups and attributes are believed.
"""
from __future__ import annotations

import threading
import time

import jwt
import requests

from chalicelib.config import get_settings
from chalicelib.domain.permissions import ROLE_PRECEDENCE, Principal, Role, is_placed
from chalicelib.errors import Forbidden, Unauthorized
from chalicelib.i18n import Text
from chalicelib.observability import logger

_INVALID_TOKEN = Text("Sesi tidak valid atau sudah berakhir; silakan masuk kembali.",
                      "The session is not valid or has expired; please sign in again.")
_NO_ROLE = Text("Akun ini belum memiliki peran; hubungi admin nasional.",
                "This account has no role yet; ask the national admin.")
_NOT_PLACED = Text("Akun ini belum ditempatkan di instansi atau unit kerja; hubungi admin.",
                   "This account has no agency or unit yet; ask an admin.")
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


_key_set = _KeySet()


def reset_key_cache() -> None:
    """Forget the fetched keys (a new pool in tests, or keys rotated)."""
    global _key_set
    _key_set = _KeySet()


def principal_from_token(token: str) -> Principal:
    """The staff member a valid ID token speaks for; Unauthorized for anything else."""
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
    principal = Principal(username=claims.get("cognito:username", ""), role=role,
                          agency_id=claims.get("custom:agency_id") or None,
                          unit_id=claims.get("custom:unit_id") or None, email=claims.get("email"))
    if not is_placed(principal):
        raise Forbidden(_NOT_PLACED)
    return principal


__all__ = ["Principal", "Role", "principal_from_token", "reset_key_cache"]
