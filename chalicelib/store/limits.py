"""Rate-limit counters: one conditional UpdateItem per counted request, so concurrent requests
never count past the limit, the same on moto and in DynamoDB."""
from __future__ import annotations

from datetime import datetime, timezone

from pynamodb.exceptions import UpdateError

from chalicelib import store
from chalicelib.store.models import RateLimitCounterModel as Counter


def count_if_below(counter_key: str, ceiling: int, expires_at: int) -> bool:
    """Add one to the counter unless it already holds ``ceiling``; False when it does."""
    store.ready()
    try:
        Counter(counter_key).update(
            actions=[Counter.hits.add(1), Counter.expires_at.set(_time(expires_at))],
            condition=Counter.hits.does_not_exist() | (Counter.hits < ceiling))
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def count_of(counter_key: str) -> int:
    """What a counter holds (0 when it is gone)."""
    counter = store.get_or_none(Counter, counter_key)
    return int(counter.hits or 0) if counter is not None else 0


def take_back(counter_key: str, expires_at: int) -> None:
    """Undo one count (a sign-in that turned out right is no failure)."""
    store.ready()
    Counter(counter_key).update(actions=[Counter.hits.add(-1), Counter.expires_at.set(_time(expires_at))])


def _time(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, timezone.utc)
