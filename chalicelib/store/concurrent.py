"""Independent reads of one request, made at once: DynamoDB answers them in one round trip.

Only reads go through here: a write stays in the request's own thread, in its order. Each
repository function calls ``store.ready()`` itself, and every model shares one connection whose
client is made once, under a lock (store/__init__.py), so the reads need nothing else from the
calling thread.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

from chalicelib import store

# A read made at once may make reads at once itself (a case view's likely duplicates: one Query per
# term), in a pool of its own: a worker only ever waits for workers of the next pool, which wait for
# nothing, so no read waits for a worker held by its caller. Deeper reads are made one after another.
_LEVELS = 2
_pools: list[ThreadPoolExecutor] = []
_pools_lock = threading.Lock()


class _Level(threading.local):
    depth = 0  # 0 in a request's own thread, n in a worker of pool n - 1


_level = _Level()


def _pool(depth: int) -> ThreadPoolExecutor:
    with _pools_lock:
        while len(_pools) <= depth:
            _pools.append(ThreadPoolExecutor(max_workers=store.ready().concurrent_reads,
                                             thread_name_prefix=f"aduan-read-{len(_pools)}"))
        return _pools[depth]


def _at_depth(depth: int, read: Callable):
    _level.depth = depth
    try:
        return read()
    finally:
        _level.depth = 0


def at_once(*reads: Callable[[], object]) -> list:
    """The answers of ``reads``, in their order, read concurrently; the first error is raised once
    every read has finished."""
    store.ready()  # point the models at the stage's tables before any worker uses them
    depth = _level.depth
    if len(reads) < 2 or depth >= _LEVELS:
        return [read() for read in reads]
    pool = _pool(depth)
    futures = [pool.submit(_at_depth, depth + 1, read) for read in reads]
    wait(futures)
    return [future.result() for future in futures]
