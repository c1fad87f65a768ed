"""The web form's proof of work: a signed challenge, and a nonce that makes its hash start with zeros.

The server signs ``<id>.<expires>.<bits>`` with the stage's secret, so it needs to remember
nothing until a solution arrives; the page searches for a nonce such that
SHA-256(challenge + nonce) starts with ``bits`` zero bits (about 2**bits hashes: a fraction
of a second in a browser, real work for a script filing thousands).
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

# What a page may send as its nonce: it counts up, so a few digits or letters are plenty.
NONCE_PATTERN = re.compile(r"[0-9A-Za-z]{1,32}")
_ID_PATTERN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Challenge:
    challenge_id: str
    expires_at: int  # epoch seconds
    bits: int


def _signature(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), f"form-challenge\n{payload}".encode(), hashlib.sha256).hexdigest()


def sign(secret: str, challenge: Challenge) -> str:
    payload = f"{challenge.challenge_id}.{challenge.expires_at}.{challenge.bits}"
    return f"{payload}.{_signature(secret, payload)}"


def read(secret: str, token: str) -> Challenge | None:
    """The challenge a token stands for, or None unless this stage signed it."""
    parts = token.split(".")
    if len(parts) != 4 or not _ID_PATTERN.fullmatch(parts[0]) or not all(p.isdigit() for p in parts[1:3]):
        return None
    payload, signature = token.rpartition(".")[0], parts[3]
    if not hmac.compare_digest(_signature(secret, payload), signature):
        return None
    return Challenge(parts[0], int(parts[1]), int(parts[2]))


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def is_solved(token: str, nonce: str, bits: int) -> bool:
    if not NONCE_PATTERN.fullmatch(nonce):
        return False
    return leading_zero_bits(hashlib.sha256(f"{token}{nonce}".encode()).digest()) >= bits
