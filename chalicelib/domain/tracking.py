"""Tracking ids a person can read out on the phone, and the reporter's access token.

A tracking id is nine random symbols plus a check symbol (Luhn mod N), written
``K7M2Q-X9T4Q``. The alphabet leaves out look-alikes (0/O, 1/I/L) and U, so a
misheard symbol is caught by the check symbol instead of reaching another report.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 9
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}


def _check_symbol(payload: str) -> str:
    """Luhn mod N: catches any single wrong symbol and most swapped neighbours."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for symbol in reversed(payload):
        addend = factor * _INDEX[symbol]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def new_tracking_id() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return _format(payload + _check_symbol(payload))


def normalize_tracking_id(raw: str) -> str | None:
    """The canonical form of what a person typed, or None if it cannot be an id."""
    compact = "".join(ch for ch in raw.upper() if ch not in " -")
    if len(compact) != RANDOM_SYMBOLS + 1 or any(ch not in _INDEX for ch in compact):
        return None
    if _check_symbol(compact[:-1]) != compact[-1]:
        return None
    return _format(compact)


def _format(compact: str) -> str:
    return f"{compact[:5]}-{compact[5:]}"


# --- access token -------------------------------------------------------------------


def new_access_token() -> str:
    return secrets.token_urlsafe(32)


def access_token_for_idempotent_request(idempotency_key: str, nonce: str) -> str:
    """The token of a request sent with an Idempotency-Key.

    Derived from the client's key and a stored random nonce, so a retry with the same
    key gets the same token back, while the database alone (which holds only the
    key's hash) cannot reproduce it.
    """
    digest = hmac.new(idempotency_key.encode(), nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(token), stored_hash)
