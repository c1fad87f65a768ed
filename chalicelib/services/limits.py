"""Use case: hold back a client that asks too often, without slowing anyone else.

Each limit of ``domain/limits.py`` is counted per client in DynamoDB; the request that would
pass the limit is refused with 429 and ``Retry-After`` (when its window ends).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from chalicelib.config import get_settings
from chalicelib.domain import limits as rules
from chalicelib.errors import TooManyRequests
from chalicelib.i18n import Text
from chalicelib.store import limits as counters

_TOO_MANY = Text("Terlalu banyak permintaan; coba lagi dalam {seconds} detik.",
                 "Too many requests; try again in {seconds} seconds.")
_TOO_MANY_SIGN_INS = Text("Terlalu banyak percobaan masuk dengan nama pengguna ini; coba lagi dalam {seconds} detik.",
                          "Too many sign-in attempts for this username; try again in {seconds} seconds.")


def guard_secret() -> str:
    secret = get_settings().guard_secret
    if not secret:
        raise RuntimeError("GUARD_SECRET is not set: the stage cannot hash clients or sign form challenges")
    return secret


def _count(limit_name: str, purpose: str, client: str, refusal: Text, *, sliding: bool = False) -> rules.Window:
    """Count one request; ``sliding``: the previous window's count counts too (one more read)."""
    limit = rules.limits(get_settings().rate_limit_overrides)[limit_name]
    now = time.time()
    hashed = rules.client_hash(guard_secret(), purpose, client)
    window = rules.window(limit, hashed, now)
    ceiling = limit.count
    if sliding:
        ceiling = rules.room_left(limit, counters.count_of(rules.previous_window(limit, hashed, now).counter_key))
    if ceiling <= 0 or not counters.count_if_below(window.counter_key, ceiling, window.keep_until):
        seconds = window.retry_after(now)
        raise TooManyRequests(Text(refusal.id.format(seconds=seconds), refusal.en.format(seconds=seconds)),
                              headers={"Retry-After": str(seconds)})
    return window


def admit(limit_name: str, client_address: str) -> None:
    """Count one request of a client (its source address) under a limit; 429 once the limit is used up."""
    _count(limit_name, "address", client_address, _TOO_MANY)


@dataclass(frozen=True)
class SignInAttempt:
    window: rules.Window

    def succeeded(self) -> None:
        """The password was right: this attempt was no failure (other attempts stay counted)."""
        counters.take_back(self.window.counter_key, self.window.keep_until)


def sign_in_attempt(username: str) -> SignInAttempt:
    """Count a sign-in as a failure of its username before the password is checked, so parallel
    guesses cannot slip past the limit; 429 once the username has failed too often. The same work
    whether or not the username exists, so the answer reveals nothing about it."""
    return SignInAttempt(_count("login_failures", "username", rules.normalized_username(username),
                                _TOO_MANY_SIGN_INS, sliding=True))
