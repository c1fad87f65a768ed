"""Reference data a warm container read lately (regions, agencies, units, topics, added holidays,
routing overrides), so that requests stop re-reading near-static items.

Entries live ``reference_cache_seconds`` (config); every write of reference data through this
container forgets them all at once (``forget_all``), so its own changes apply at once here and
within that time in other containers.
"""
from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from chalicelib.config import get_settings

T = TypeVar("T")


class ReferenceCache:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self._generation = 0  # bumped by forget_all: a read begun before it is not kept
        self._clock = clock

    def kept(self, key: Hashable) -> tuple[bool, object, int]:
        """(whether a fresh answer is kept, that answer, the generation to hand to ``keep``)."""
        with self._lock:
            entry, generation = self._entries.get(key), self._generation
        if entry is not None and self._clock() - entry[0] < get_settings().reference_cache_seconds:
            return True, entry[1], generation
        return False, None, generation

    def keep(self, key: Hashable, value: object, generation: int) -> None:
        """Keep an answer read in ``generation``, unless everything was forgotten since."""
        with self._lock:
            if generation == self._generation:
                self._entries[key] = (self._clock(), value)

    def remembered(self, key: Hashable, read: Callable[[], T]) -> T:
        """What ``read`` answered for ``key`` lately, or its answer now."""
        found, value, generation = self.kept(key)
        if found:
            return value  # type: ignore[return-value]
        value = read()
        self.keep(key, value, generation)
        return value

    def forget_all(self) -> None:
        with self._lock:
            self._entries.clear()
            self._generation += 1


_cache = ReferenceCache()


def cached(read: Callable[..., T]) -> Callable[..., T]:
    """A reader of reference data whose answers (by its hashable arguments) are kept a while.
    Lists come back as copies, so a caller that sorts or appends cannot change what is kept."""

    @functools.wraps(read)
    def reading(*args):
        value = _cache.remembered((read.__qualname__, *args), lambda: read(*args))
        return list(value) if isinstance(value, list) else value

    reading.cache_key = lambda *args: (read.__qualname__, *args)  # type: ignore[attr-defined]
    return reading


def cache() -> ReferenceCache:
    """For readers that fill many entries from one read (a BatchGetItem of several keys)."""
    return _cache


def forget_all() -> None:
    """Reference data changed through this container (or tests start a new world): read it again."""
    _cache.forget_all()
