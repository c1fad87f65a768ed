"""The warm container's reference data: kept for a while, forgotten at once on a change; and reads
made at once."""
from __future__ import annotations

import threading

import pytest

from chalicelib.store.cache import ReferenceCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def cache(monkeypatch) -> tuple[ReferenceCache, Clock]:
    monkeypatch.setenv("REFERENCE_CACHE_SECONDS", "60")
    from chalicelib.config import get_settings

    get_settings.cache_clear()
    clock = Clock()
    return ReferenceCache(clock), clock


def test_an_answer_is_kept_for_the_configured_time_then_read_again(cache):
    kept, clock = cache
    answers = iter(["first", "second"])
    assert kept.remembered("agency", lambda: next(answers)) == "first"
    clock.now += 59
    assert kept.remembered("agency", lambda: next(answers)) == "first"
    clock.now += 1
    assert kept.remembered("agency", lambda: next(answers)) == "second"


def test_a_change_made_here_forgets_everything_at_once(cache):
    kept, _ = cache
    kept.remembered("agency", lambda: "before")
    kept.forget_all()
    assert kept.remembered("agency", lambda: "after") == "after"


def test_a_read_that_began_before_a_change_is_not_kept(cache):
    kept, _ = cache

    def read_while_an_admin_changes_it():
        kept.forget_all()
        return "read before the change"

    assert kept.remembered("agency", read_while_an_admin_changes_it) == "read before the change"
    assert kept.remembered("agency", lambda: "read after the change") == "read after the change"


def test_reads_at_once_answer_in_order_and_overlap():
    from chalicelib.store.concurrent import at_once

    all_started = threading.Barrier(3, timeout=5)  # each read waits until the three have started

    def read(answer):
        def reading():
            all_started.wait()
            return answer
        return reading

    assert at_once(read(1), read(2), read(3)) == [1, 2, 3]


def test_reads_at_once_may_make_reads_at_once_themselves():
    from chalicelib.store.concurrent import at_once

    def nested(n):
        return lambda: at_once(*(lambda k=k: n * 10 + k for k in range(3)))

    assert at_once(*(nested(n) for n in range(40))) == [[n * 10 + k for k in range(3)] for n in range(40)]


def test_the_first_failed_read_is_raised_once_every_read_has_finished():
    from chalicelib.store.concurrent import at_once

    finished = []

    def failing():
        raise LookupError("no such item")

    def slow():
        threading.Event().wait(0.05)
        finished.append("slow")
        return "done"

    with pytest.raises(LookupError):
        at_once(failing, slow)
    assert finished == ["slow"]
