"""Service-level deadlines: regulation numbers come from data/sla_policies.json, chosen by effective date."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

from chalicelib.domain.calendar import WorkingDayCalendar, deadline_after, local_date

DEFAULT_POLICIES_PATH = Path(__file__).parent.parent / "data" / "sla_policies.json"

REPORT_KINDS = ("complaint", "aspiration", "information_request")
COMPLAINT_COMPLEXITIES = ("simple", "investigation")
COMPLETION_KEYS = ("aspiration", "information_request", "complaint_simple", "complaint_investigation")


@dataclass(frozen=True)
class SlaPolicy:
    id: str
    title: str
    effective_from: date
    verification_days: int
    first_response_days: int
    auto_close_days: int
    # The longest the agency's clocks pause while it waits for information it asked the reporter for.
    reporter_answer_days: int
    completion_days: Mapping[str, int]  # keyed by COMPLETION_KEYS
    escalation_max_age_days: int  # calendar days, not working days
    reminder_working_days_before: int
    # How long after closing a reporter may still say "not resolved" and reopen it.
    reopen_window_working_days: int
    # How old a report an officer records (walk-in, letter, call) may be.
    recorded_report_max_age_days: int  # calendar days
    # Older than this, a recorded report needs a reason and counts as recorded late.
    recorded_report_late_reason_after_days: int  # calendar days

    def completion_days_for(self, kind: str, complexity: str | None) -> int:
        if kind not in REPORT_KINDS:
            raise ValueError(f"Unknown report kind: {kind!r}")
        if complexity is not None and complexity not in COMPLAINT_COMPLEXITIES:
            raise ValueError(f"Unknown complexity: {complexity!r}")
        if kind != "complaint":
            return self.completion_days[kind]
        # A complaint is treated as simple until someone decides it needs investigation.
        return self.completion_days[f"complaint_{complexity or 'simple'}"]


def _positive_int(value: object, field: str, policy_id: str) -> int:
    # bool is an int subclass; `true` in the JSON must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"Policy {policy_id}: {field} must be a positive integer, got {value!r}")
    return value


def _policy_from_json(raw: Mapping) -> SlaPolicy:
    policy_id = raw["id"]
    working_days = raw["working_days"]
    completion = working_days["completion"]
    if set(completion) != set(COMPLETION_KEYS):
        raise ValueError(
            f"Policy {policy_id}: completion needs exactly {COMPLETION_KEYS}, got {sorted(completion)}"
        )
    return SlaPolicy(
        id=policy_id,
        title=raw["title"],
        effective_from=date.fromisoformat(raw["effective_from"]),
        verification_days=_positive_int(working_days["verification"], "verification", policy_id),
        first_response_days=_positive_int(working_days["first_response"], "first_response", policy_id),
        auto_close_days=_positive_int(working_days["auto_close"], "auto_close", policy_id),
        reporter_answer_days=_positive_int(working_days["reporter_answer"], "reporter_answer", policy_id),
        completion_days=MappingProxyType(
            {key: _positive_int(completion[key], f"completion.{key}", policy_id) for key in COMPLETION_KEYS}
        ),
        escalation_max_age_days=_positive_int(
            raw["escalation_max_age_days"], "escalation_max_age_days", policy_id
        ),
        reminder_working_days_before=_positive_int(
            raw["reminder_working_days_before"], "reminder_working_days_before", policy_id
        ),
        reopen_window_working_days=_positive_int(
            raw["reopen_window_working_days"], "reopen_window_working_days", policy_id
        ),
        recorded_report_max_age_days=_positive_int(
            raw["recorded_report_max_age_days"], "recorded_report_max_age_days", policy_id
        ),
        recorded_report_late_reason_after_days=_positive_int(
            raw["recorded_report_late_reason_after_days"], "recorded_report_late_reason_after_days", policy_id
        ),
    )


@functools.lru_cache(maxsize=None)
def load_policies(path: str | Path | None = None) -> tuple[SlaPolicy, ...]:
    """All policies from the JSON file, oldest first."""
    raw = json.loads(Path(path or DEFAULT_POLICIES_PATH).read_text(encoding="utf-8"))
    policies = tuple(sorted((_policy_from_json(p) for p in raw["policies"]), key=lambda p: p.effective_from))
    if not policies:
        raise ValueError("No SLA policies defined")
    dates = [p.effective_from for p in policies]
    if len(set(dates)) != len(dates):
        raise ValueError("Two SLA policies take effect on the same date")
    return policies


def policy_in_force(on: date, policies: Sequence[SlaPolicy] | None = None) -> SlaPolicy:
    """The policy with the latest effective_from on or before `on`."""
    if policies is None:
        policies = load_policies()
    candidates = [p for p in policies if p.effective_from <= on]
    if not candidates:
        raise ValueError(f"No SLA policy in force on {on.isoformat()}")
    return max(candidates, key=lambda p: p.effective_from)


def _due(
    clock_started_at: datetime,
    time_zone: str,
    calendar: WorkingDayCalendar,
    policies: Sequence[SlaPolicy] | None,
    days_from: Callable[[SlaPolicy], int],
) -> datetime:
    # The rule in force on the agency's local start day decides, so a report received just after
    # local midnight on a new policy's effective date falls under the new policy.
    policy = policy_in_force(local_date(clock_started_at, time_zone), policies)
    return deadline_after(clock_started_at, days_from(policy), time_zone, calendar)


def verification_due(
    received_at: datetime,
    time_zone: str,
    calendar: WorkingDayCalendar,
    policies: Sequence[SlaPolicy] | None = None,
) -> datetime:
    return _due(received_at, time_zone, calendar, policies, lambda p: p.verification_days)


def first_response_due(
    started_at: datetime,
    time_zone: str,
    calendar: WorkingDayCalendar,
    policies: Sequence[SlaPolicy] | None = None,
) -> datetime:
    return _due(started_at, time_zone, calendar, policies, lambda p: p.first_response_days)


def completion_due(
    started_at: datetime,
    kind: str,
    complexity: str | None,
    time_zone: str,
    calendar: WorkingDayCalendar,
    policies: Sequence[SlaPolicy] | None = None,
) -> datetime:
    return _due(started_at, time_zone, calendar, policies, lambda p: p.completion_days_for(kind, complexity))


def auto_close_due(
    answered_at: datetime,
    time_zone: str,
    calendar: WorkingDayCalendar,
    policies: Sequence[SlaPolicy] | None = None,
) -> datetime:
    return _due(answered_at, time_zone, calendar, policies, lambda p: p.auto_close_days)


def reporter_answer_due(
    asked_at: datetime,
    time_zone: str,
    calendar: WorkingDayCalendar,
    policies: Sequence[SlaPolicy] | None = None,
) -> datetime:
    return _due(asked_at, time_zone, calendar, policies, lambda p: p.reporter_answer_days)
