"""What scheduled jobs remember between runs: for a bucketed job, the oldest bucket not yet emptied."""
from __future__ import annotations

from datetime import date, datetime

from chalicelib import store
from chalicelib.store.models import JobStateModel


def open_from(job: str) -> date | None:
    """The oldest day bucket that may still hold work; None before the first run."""
    state = store.get_or_none(JobStateModel, job, consistent_read=True)
    return date.fromisoformat(state.open_from) if state and state.open_from else None


def record_run(job: str, now: datetime, first_open_day: date | None) -> None:
    """Remember where the next run starts (None: nothing left open). Two runs at once may both
    write; either answer is safe, because a run only moves the mark past buckets it found empty."""
    store.ready()
    JobStateModel(job, open_from=first_open_day.isoformat() if first_open_day else None, last_run_at=now).save()
