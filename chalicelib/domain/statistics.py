"""Which statistics counters a change adds to (kept at write time, read by reports)."""
from __future__ import annotations

from chalicelib.domain.routing import enclosing_regions

NATIONAL_SCOPE = "national"


def period_of(local_day_iso: str) -> str:
    """Counters are kept per calendar month of the agency's local date."""
    return local_day_iso[:7]


def submission_counts(*, kind: str, channel: str, agency_id: str, region_code: str,
                      topic: str | None) -> dict[str, dict[str, int]]:
    """scope -> metric -> amount for one report received."""
    metrics = {"received": 1, f"received_kind_{kind}": 1, f"received_channel_{channel}": 1}
    scopes = [NATIONAL_SCOPE, f"agency#{agency_id}"]
    scopes += [f"region#{code}" for code in enclosing_regions(region_code)[:-1]]
    if topic:
        scopes.append(f"topic#{topic.split('.', 1)[0]}")
    return {scope: dict(metrics) for scope in scopes}


def is_hot(scope: str) -> bool:
    """Scopes that many concurrent reports touch: the nation, provinces and topics."""
    return scope == NATIONAL_SCOPE or scope.startswith("topic#") or (
        scope.startswith("region#") and "." not in scope)
