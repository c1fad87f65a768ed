"""Tracking ids a person can read out on the phone, and the reporter's access code.

A tracking id is nine random symbols plus a check symbol (Luhn mod N), written
``K7M2Q-X9T4Q``. The alphabet leaves out look-alikes (0/O, 1/I/L) and U, so a
misheard symbol is caught by the check symbol instead of reaching another report.

The access code is sixteen random symbols of the same alphabet, written in groups of four
(``ABCD-EFGH-JKMN-PQRS``): short enough to write down, 78.5 bits (30**16) to guess. Reports
filed before codes existed hold a long URL-safe token, which keeps working.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
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


# --- access code ---------------------------------------------------------------------

ACCESS_CODE_SYMBOLS = 16
ACCESS_CODE_GROUP = 4
ACCESS_CODE_BITS = ACCESS_CODE_SYMBOLS * math.log2(len(ALPHABET))
# What people put between groups, or type by accident: spaces of any kind and dashes of any kind.
_CODE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def format_access_code(compact: str) -> str:
    """``ABCDEFGHJKMNPQRS`` as it is shown and written: ``ABCD-EFGH-JKMN-PQRS``."""
    return "-".join(compact[i:i + ACCESS_CODE_GROUP] for i in range(0, len(compact), ACCESS_CODE_GROUP))


def new_access_code() -> str:
    return format_access_code("".join(secrets.choice(ALPHABET) for _ in range(ACCESS_CODE_SYMBOLS)))


def access_code_for_idempotent_request(idempotency_key: str, nonce: str) -> str:
    """The code of a request sent with an Idempotency-Key.

    Derived from the client's key and a stored random nonce, so a retry with the same key gets
    the same code back, while the database alone (which holds only the key's hash) cannot
    reproduce it. 256 bits of HMAC read as a number below 30**16: the bias is below 2**-177.
    """
    number = int.from_bytes(_hmac(idempotency_key, nonce), "big") % len(ALPHABET) ** ACCESS_CODE_SYMBOLS
    symbols = []
    for _ in range(ACCESS_CODE_SYMBOLS):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return format_access_code("".join(symbols))


def normalize_access_code(raw: str) -> str | None:
    """The code as stored (16 symbols, no separators) from what a person typed: any letter case,
    with or without spaces or dashes between groups; None if it cannot be a code."""
    compact = _CODE_SEPARATORS.sub("", raw).upper()
    if len(compact) != ACCESS_CODE_SYMBOLS or any(symbol not in _INDEX for symbol in compact):
        return None
    return compact


def access_code_hash(tracking_id: str, code: str) -> str:
    """What the report stores of its code. Salted with the tracking id: 78 bits is few enough that
    one search of the whole code space must not open every report of a leaked table at once."""
    compact = normalize_access_code(code)
    if compact is None:
        raise ValueError("not an access code")
    return hash_secret(f"{tracking_id}\n{compact}")


def token_matches(presented: str, stored_hash: str, tracking_id: str) -> bool:
    """Whether what the reporter presented opens the report: its access code in any typed form, or
    the long token of a report filed before codes (stored as its plain SHA-256)."""
    candidates = [hash_secret(presented)]
    if normalize_access_code(presented) is not None:
        candidates.append(access_code_hash(tracking_id, presented))
    # Every candidate is compared, in constant time, whichever matches.
    return any([hmac.compare_digest(candidate, stored_hash) for candidate in candidates])


# The receipt e-mail carries the code. It waits in the outbox row sealed (AES-GCM under a key derived
# from the stage's secret, bound to the row's id) and is removed from the row once the message is sent
# or given up: the table's backups and index copies only ever hold it sealed.
_SEAL_NONCE_BYTES = 12


def _sealing_key(stage_secret: str) -> bytes:
    return hmac.new(stage_secret.encode(), b"aduan: access codes waiting in the outbox", hashlib.sha256).digest()


def seal_access_code(stage_secret: str, row_id: str, code: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded only where a code is sealed

    nonce = secrets.token_bytes(_SEAL_NONCE_BYTES)
    sealed = AESGCM(_sealing_key(stage_secret)).encrypt(nonce, code.encode(), row_id.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def open_sealed_access_code(stage_secret: str, row_id: str, sealed: str) -> str | None:
    """The code sealed for this row; None if it cannot be opened (another stage secret, another row)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        opened = AESGCM(_sealing_key(stage_secret)).decrypt(raw[:_SEAL_NONCE_BYTES], raw[_SEAL_NONCE_BYTES:],
                                                            row_id.encode())
    except (InvalidTag, ValueError):
        return None
    return opened.decode()


def legacy_access_token_for_idempotent_request(idempotency_key: str, nonce: str) -> str:
    """The long token of a request stored before access codes (its idempotency record has no
    ``code_form``): a retry within the record's day still gets back what opens its report."""
    return base64.urlsafe_b64encode(_hmac(idempotency_key, nonce)).rstrip(b"=").decode()


def _hmac(key: str, message: str) -> bytes:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
