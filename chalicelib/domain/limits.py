"""Abuse limits: how many requests one client may make in a fixed window, and who a client is.

The limits are data (``data/rate_limits.json``, overridable per stage); a window is fixed
(``window_seconds`` long, aligned to the epoch), so a counter's key names its limit, its
client and its window, and the counter expires with the window. Clients are never stored as
themselves: a source address or username becomes a keyed hash (HMAC-SHA-256 with the stage's
secret), so the table cannot be read back into addresses, nor hashed addresses guessed
without the secret.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_LIMITS_PATH = Path(__file__).parent.parent / "data" / "rate_limits.json"


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window_seconds: int


@dataclass(frozen=True)
class Window:
    """One limit's current window for one client: the counter that holds it and when it ends."""

    counter_key: str
    ends_at: int  # epoch seconds
    keep_until: int  # one window later, so the next window can still read it

    def retry_after(self, now: float) -> int:
        """Whole seconds until the window ends, at least one (the ``Retry-After`` header)."""
        return max(1, math.ceil(self.ends_at - now))


@lru_cache(maxsize=1)
def _defaults() -> dict[str, dict]:
    return json.loads(DEFAULT_LIMITS_PATH.read_text(encoding="utf-8"))["limits"]


def limits(overrides: dict[str, dict] | None = None) -> dict[str, Limit]:
    """Every limit by name: the defaults, with a stage's overrides of count or window."""
    merged = {name: {**entry, **(overrides or {}).get(name, {})} for name, entry in _defaults().items()}
    unknown = set(overrides or {}) - set(merged)
    if unknown:
        raise ValueError(f"unknown rate limits: {sorted(unknown)}")
    return {name: Limit(name, int(entry["count"]), int(entry["window_seconds"])) for name, entry in merged.items()}


def client_hash(secret: str, purpose: str, client: str) -> str:
    """A keyed hash of a client (an address, a username): stable for one stage, unreadable without its secret."""
    return hmac.new(secret.encode(), f"{purpose}\n{client}".encode(), hashlib.sha256).hexdigest()


def normalized_username(username: str) -> str:
    """Usernames are case-insensitive in the pool; ``Admin.X`` and ``admin.x`` are one account."""
    return username.strip().casefold()


def window(limit: Limit, hashed_client: str, now: float) -> Window:
    start = int(now) // limit.window_seconds * limit.window_seconds
    ends_at = start + limit.window_seconds
    return Window(f"{limit.name}#{hashed_client}#{start}", ends_at, ends_at + limit.window_seconds)


def previous_window(limit: Limit, hashed_client: str, now: float) -> Window:
    return window(limit, hashed_client, now - limit.window_seconds)


def room_left(limit: Limit, counted_in_previous_window: int) -> int:
    """How many more the current window may count when the previous window's count also counts.

    A fixed window alone lets a client spend its limit just before a window ends and again just
    after (ten wrong passwords in a minute under "five in 15 minutes"); counting both windows
    together holds every span of ``window_seconds`` to the limit.
    """
    return max(0, limit.count - counted_in_previous_window)
