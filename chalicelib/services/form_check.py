"""Use case: tell the web form's people from scripts, with no outside service and no cookies.

The form asks for a challenge when it opens and solves it in the background
(``domain/challenges.py``); it also carries a field people never see (a honeypot). A report
that claims to come from the web form is taken only with a solved, unexpired challenge used
for the first time and an empty honeypot. API clients are rate limited instead.
"""
from __future__ import annotations

import secrets
import time

from chalicelib.config import get_settings
from chalicelib.domain import challenges
from chalicelib.errors import BadRequest
from chalicelib.i18n import Text
from chalicelib.services.limits import guard_secret
from chalicelib.store import limits as counters


def new_challenge() -> dict:
    settings = get_settings()
    challenge = challenges.Challenge(secrets.token_hex(16), int(time.time()) + settings.form_challenge_seconds,
                                     settings.form_challenge_bits)
    return {"challenge": challenges.sign(guard_secret(), challenge), "difficulty": challenge.bits,
            "expires_in": settings.form_challenge_seconds}


def _refused(code: str, message: Text) -> BadRequest:
    return BadRequest(message, code=code)


def check(token: str | None, nonce: str | None, honeypot: str | None) -> None:
    """Accept a web form's submission once; refuse a missing, wrong, expired or reused solution
    and a filled honeypot alike, with a message that sends a person back to the form."""
    challenge = challenges.read(guard_secret(), token or "")
    if honeypot or challenge is None or not challenges.is_solved(token or "", nonce or "", challenge.bits):
        raise _refused("form_check_failed", Text(
            "Formulir tidak dapat diverifikasi; muat ulang halaman lalu kirim lagi.",
            "The form could not be verified; reload the page and send it again."))
    if challenge.expires_at <= time.time():
        raise _refused("form_check_expired", Text(
            "Formulir sudah terlalu lama terbuka; kirim lagi.", "The form was open too long; send it again."))
    if not counters.count_if_below(f"form_challenge#{challenge.challenge_id}", 1, challenge.expires_at):
        raise _refused("form_check_used", Text(
            "Verifikasi formulir ini sudah dipakai; kirim lagi.", "This form check was used already; send it again."))
