"""A stand-in for EventBridge schedules under `make run`: runs the app's scheduled functions.

`chalice local` has no scheduler; this invokes each `@app.schedule` function through
Chalice's test client at its rate. Only ``rate(...)`` expressions are supported so far.
"""
from __future__ import annotations

import re
import threading
import time

_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def rate_seconds(expression: str) -> int | None:
    match = re.fullmatch(r"rate\((\d+) (\w+)\)", expression.strip())
    if not match or match.group(2) not in _UNITS:
        return None
    return int(match.group(1)) * _UNITS[match.group(2)]


def scheduled_functions(app) -> list[tuple[str, int]]:
    found = []
    for source in app.event_sources:
        expression = getattr(source, "schedule_expression", None)
        if expression is None:
            continue
        seconds = rate_seconds(expression if isinstance(expression, str) else expression.to_string())
        if seconds:
            found.append((source.name, seconds))
    return found


def start_in_background() -> list[str]:
    from chalice.test import Client

    from app import app

    jobs = scheduled_functions(app)

    def loop(name: str, every: int) -> None:
        with Client(app) as client:
            while True:
                time.sleep(every)
                try:
                    client.lambda_.invoke(name, {})
                except Exception as error:  # keep the scheduler alive, like EventBridge would
                    print(f"scheduled function {name} failed: {error}", flush=True)

    for name, every in jobs:
        threading.Thread(target=loop, args=(name, every), daemon=True).start()
    return [f"{name} every {every}s" for name, every in jobs]
