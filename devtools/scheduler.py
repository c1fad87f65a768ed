"""A stand-in for EventBridge schedules under `make run`: runs the app's scheduled functions.

`chalice local` has no scheduler; this invokes each `@app.schedule` function through
Chalice's test client when its ``rate(...)`` or ``cron(...)`` expression says, as
EventBridge would, with the same event payload.
"""
from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
_DAY_NAMES = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
_MONTH_NAMES = {name: number for number, name in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}


def scheduled_event(name: str, at: datetime | None = None) -> dict:
    """The event EventBridge sends a scheduled function."""
    at = at or datetime.now(timezone.utc)
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": "ap-southeast-3",
            "resources": [f"arn:aws:events:ap-southeast-3:123456789012:rule/aduan-{name}"], "detail": {}}


def rate_seconds(expression: str) -> int | None:
    match = re.fullmatch(r"rate\((\d+) (\w+)\)", expression.strip())
    if not match or match.group(2) not in _UNITS:
        return None
    return int(match.group(1)) * _UNITS[match.group(2)]


def _field_matches(field: str, value: int, names: dict[str, int] | None = None) -> bool:
    """One field of an EventBridge cron: *, ?, numbers, names, lists, ranges and /steps."""
    if field in ("*", "?"):
        return True
    for part in field.split(","):
        part, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if part == "*":
            low, high = 0, 10_000
        else:
            low_text, _, high_text = part.partition("-")
            low = (names or {}).get(low_text.upper()) or int(low_text)
            high = ((names or {}).get(high_text.upper()) or int(high_text)) if high_text else (
                10_000 if step_text else low)
        if low <= value <= high and (value - low) % step == 0:
            return True
    return False


def cron_matches(expression: str, at: datetime) -> bool:
    """Whether ``cron(min hour day-of-month month day-of-week year)`` fires in the UTC minute ``at``."""
    match = re.fullmatch(r"cron\((.+)\)", expression.strip())
    if not match:
        return False
    minute, hour, day, month, weekday, year = match.group(1).split()
    at = at.astimezone(timezone.utc)
    eventbridge_weekday = at.isoweekday() % 7 + 1  # 1 = Sunday
    return (_field_matches(minute, at.minute) and _field_matches(hour, at.hour)
            and _field_matches(day, at.day) and _field_matches(month, at.month, _MONTH_NAMES)
            and _field_matches(weekday, eventbridge_weekday, _DAY_NAMES) and _field_matches(year, at.year))


def scheduled_functions(app) -> list[tuple[str, str]]:
    """(function name, schedule expression) of every scheduled function."""
    found = []
    for source in app.event_sources:
        expression = getattr(source, "schedule_expression", None)
        if expression is not None:
            found.append((source.name, expression if isinstance(expression, str) else expression.to_string()))
    return found


def is_due(expression: str, at: datetime, last_run: datetime | None) -> bool:
    seconds = rate_seconds(expression)
    if seconds is not None:
        return last_run is None or (at - last_run).total_seconds() >= seconds
    return cron_matches(expression, at) and (last_run is None or at - last_run >= timedelta(minutes=1))


def start_in_background() -> list[str]:
    """One thread that wakes at every minute and runs what is due; rate() functions run first at the
    first minute, so a fresh stack sends its first mail and sweeps at once."""
    from chalice.test import Client

    from app import app

    jobs = scheduled_functions(app)
    last_runs: dict[str, datetime | None] = {name: None for name, _ in jobs}

    def loop() -> None:
        with Client(app, stage_name="local") as client:
            while True:
                now = datetime.now(timezone.utc)
                time.sleep(60 - now.second - now.microsecond / 1e6)
                minute = datetime.now(timezone.utc).replace(second=0, microsecond=0)
                for name, expression in jobs:
                    if not is_due(expression, minute, last_runs[name]):
                        continue
                    last_runs[name] = minute
                    try:
                        client.lambda_.invoke(name, scheduled_event(name, minute))
                    except Exception as error:  # keep the scheduler alive, like EventBridge would
                        print(f"scheduled function {name} failed: {error}", flush=True)

    threading.Thread(target=loop, daemon=True).start()
    return [f"{name} {expression}" for name, expression in jobs]
