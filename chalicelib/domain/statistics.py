"""Which statistics counters a change adds to (kept at write time, read by reports)."""
from __future__ import annotations

from chalicelib.domain.reports import EventType
from chalicelib.domain.routing import enclosing_regions

NATIONAL_SCOPE = "national"


def period_of(local_day_iso: str) -> str:
    """Counters are kept per calendar month of the agency's local date."""
    return local_day_iso[:7]


def scopes_of(*, agency_id: str, region_code: str, topic: str | None) -> list[str]:
    """Every scope a report counts in: the nation, its agency, its regions, its topic."""
    scopes = [NATIONAL_SCOPE, f"agency#{agency_id}"]
    scopes += [f"region#{code}" for code in enclosing_regions(region_code)[:-1]]
    if topic:
        scopes.append(f"topic#{topic.split('.', 1)[0]}")
    return scopes


def submission_counts(*, kind: str, channel: str, agency_id: str, region_code: str,
                      topic: str | None) -> dict[str, dict[str, int]]:
    """scope -> metric -> amount for one report received."""
    metrics = {"received": 1, f"received_kind_{kind}": 1, f"received_channel_{channel}": 1}
    return {scope: dict(metrics) for scope in scopes_of(agency_id=agency_id, region_code=region_code,
                                                        topic=topic)}


# The event that is the milestone of each stage whose deadline is measured.
_STAGE_OF_EVENT = {
    EventType.VERIFIED: "verification",
    EventType.RESPONDED: "first_response",
    EventType.CLOSED: "completion",
    EventType.AUTO_CLOSED: "completion",
}
# Counted for the agency that receives a report, whether by verification or by transfer.
DISPOSITIONED_METRIC = "dispositioned"
_COUNTED_EVENTS = {
    EventType.VERIFIED: ("verified",),
    EventType.ARCHIVED: ("archived",),
    EventType.TRANSFERRED: ("transferred",),
    EventType.RESPONDED: ("responded",),
    EventType.CLOSED: ("closed",),
    EventType.AUTO_CLOSED: ("closed", "auto_closed"),
    EventType.DEADLINE_BREACHED: ("breached",),
    EventType.REOPENED: ("reopened",),
    EventType.ESCALATED: ("escalated",),
}


def event_metrics(event_type: EventType, *, within_deadline: bool | None = None,
                  first_answer_working_days: int | None = None,
                  rating: int | None = None, breached_stage: str | None = None) -> dict[str, int]:
    """metric -> amount for one timeline event.

    ``within_deadline`` is whether the stage this event completes (verification, first
    follow-up, completion) met its deadline; None when the event completes no stage, or
    completes one again (a second answer is not a first follow-up).
    """
    metrics = {name: 1 for name in _COUNTED_EVENTS.get(event_type, ())}
    stage = _STAGE_OF_EVENT.get(event_type)
    if stage and within_deadline is not None:
        metrics[f"{stage}_measured"] = 1
        if within_deadline:
            metrics[f"{stage}_within_deadline"] = 1
    if first_answer_working_days is not None:
        metrics["first_response_working_days_sum"] = first_answer_working_days
        metrics["first_response_count"] = 1
    if breached_stage is not None:
        metrics[f"{breached_stage}_breached"] = 1
    if rating is not None:
        metrics["rating_sum"] = rating
        metrics["rating_count"] = 1
    return metrics


def is_hot(scope: str) -> bool:
    """Scopes that many concurrent reports touch: the nation, provinces and topics."""
    return scope == NATIONAL_SCOPE or scope.startswith("topic#") or (
        scope.startswith("region#") and "." not in scope)
