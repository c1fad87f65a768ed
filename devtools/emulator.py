"""moto with one request at a time: DynamoDB's semantics under concurrent callers.

moto's backends are not thread-safe. Its ``TransactWriteItems`` keeps a deep copy of the
tables and puts it back when a transaction fails, without a lock, so a transaction that fails
while another caller's write commits drops that write (moto's log then shows "dictionary
changed size during iteration"). DynamoDB never loses a committed write, and the app relies
on that (version conditions, idempotency keys), so every caller of moto here goes through one
lock: `make run`'s server (``python -m devtools.emulator``) and the tests' in-process moto
(``one_call_at_a_time``). A single request only pays for taking a free lock.
"""
from __future__ import annotations

import argparse
import os
import threading
from contextlib import contextmanager
from typing import Iterator

_MOTO_LOCK = threading.RLock()


class OneRequestAtATime:
    """WSGI middleware: moto answers one request completely before it starts the next."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        with _MOTO_LOCK:
            # The body is produced inside the lock too: moto may build it lazily.
            return list(self.app(environ, start_response))


@contextmanager
def one_call_at_a_time() -> Iterator[None]:
    """Under ``mock_aws``: every AWS call of every thread reaches moto's backends in turn."""
    from moto.core.botocore_stubber import BotocoreStubber

    unlocked = BotocoreStubber.__call__

    def locked(self, event_name, request, **kwargs):
        with _MOTO_LOCK:
            return unlocked(self, event_name, request, **kwargs)

    BotocoreStubber.__call__ = locked
    try:
        yield
    finally:
        BotocoreStubber.__call__ = unlocked


def main(argv: list[str] | None = None) -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import run_simple

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))  # as moto's own server does
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, OneRequestAtATime(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
