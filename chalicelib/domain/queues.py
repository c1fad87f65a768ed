"""Work queues: which queue a status belongs to, and the index keys a report carries for it.

Every report write recomputes these keys from the report's state (``index_keys``), so a
queue listing is one index Query and never a Scan.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from enum import Enum

from chalicelib.domain.duties import Duty
from chalicelib.domain.reports import Privacy, Status


class Queue(str, Enum):
    VERIFICATION = "verification"  # waiting for an admin to verify and route (or on hold)
    INBOX = "inbox"  # with the agency, waiting for its follow-up
    AWAITING_APPROVAL = "awaiting_approval"  # an officer's final answer, waiting for the agency admin
    ANSWERED = "answered"  # answered, waiting for the reporter
    DONE = "done"  # closed or archived
    OVERDUE = "overdue"  # not a place of its own: any report past its agency deadline
    # Not a place of its own either: what the system sent straight to agencies of a coordinator's
    # region, still waiting for verification there; the coordinator may re-route it.
    ROUTED = "routed"


QUEUE_OF_STATUS = {
    Status.SUBMITTED: Queue.VERIFICATION,
    Status.ON_HOLD: Queue.VERIFICATION,
    Status.DISPOSITIONED: Queue.INBOX,
    Status.IN_PROGRESS: Queue.INBOX,
    Status.AWAITING_REPORTER: Queue.INBOX,  # still the agency's, shown paused
    Status.REPORTER_REPLIED: Queue.INBOX,
    Status.AWAITING_APPROVAL: Queue.AWAITING_APPROVAL,
    Status.RESPONDED: Queue.ANSWERED,
    Status.CLOSED: Queue.DONE,
    Status.ARCHIVED: Queue.DONE,
    Status.DUPLICATE: Queue.DONE,
}

# Listings spread over shards so that no index partition takes every write in the country.
# Eight partitions take about 8,000 writes a second; listing reads one page from each.
NATIONAL_SHARDS = 8


def shard_of(tracking_id: str) -> int:
    return int.from_bytes(hashlib.sha256(tracking_id.encode()).digest()[:4], "big") % NATIONAL_SHARDS


def utc_key(instant: datetime) -> str:
    """A UTC timestamp that sorts as text."""
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def unit_queue_key(agency_id: str, unit_id: str, queue: str) -> str:
    # The agency is part of the key so that two agencies' units can never share a queue.
    return f"{agency_id}/{unit_id}#{queue}"


def sweep_bucket(family: str, due_at: datetime, now: datetime) -> str:
    """The day bucket a scheduled job reads to find a duty: the UTC day it falls due.

    A duty already due when written goes into today's bucket, so a job only ever reads
    the buckets from the oldest one it has not emptied up to today (``store/jobs``).
    """
    return f"{family}#{max(due_at, now).astimezone(timezone.utc).date().isoformat()}"


def index_keys(*, tracking_id: str, status: Status, agency_id: str, unit_id: str | None,
               entered_queue_at: datetime, agency_deadline: datetime | None,
               next_duty: Duty | None, now: datetime) -> dict[str, str | None]:
    queue = QUEUE_OF_STATUS[status].value
    shard = shard_of(tracking_id)
    due = utc_key(agency_deadline) if agency_deadline else None
    return {
        "agency_queue": f"{agency_id}#{queue}",
        "unit_queue": unit_queue_key(agency_id, unit_id, queue) if unit_id else None,
        "national_queue": f"{queue}#{shard}",
        "queue_since": f"{utc_key(entered_queue_at)}#{tracking_id}",
        "due_agency": agency_id if due else None,
        "due_shard": f"due#{shard}" if due else None,
        "next_due_at": due,
        "sweep_bucket": sweep_bucket(next_duty.family.value, next_duty.at, now) if next_duty else None,
        "sweep_at": utc_key(next_duty.at) if next_duty else None,
    }


def routed_watch_key(status: Status, routed_by_system: bool, coordinator_id: str | None) -> str | None:
    """A report the system sent straight to an agency stays in its region coordinator's "routed by
    the system" queue until it is verified (or leaves verification otherwise)."""
    waiting = QUEUE_OF_STATUS[status] == Queue.VERIFICATION
    return coordinator_id if routed_by_system and waiting else None


# A report is on the public list once an admin verified it, unless it is confidential or was
# archived; these statuses come before verification or end without it.
NOT_PUBLICLY_LISTED = (Status.SUBMITTED, Status.ON_HOLD, Status.ARCHIVED, Status.DUPLICATE)


def province_of(region_code: str) -> str:
    return region_code.split(".", 1)[0]


def regency_of(region_code: str) -> str | None:
    """The regency or city (``21.72``) a region code lies in; None for a province."""
    parts = region_code.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def public_list_keys(*, tracking_id: str, status: Status, privacy: str, region_code: str,
                     verified_at: datetime | None) -> dict[str, str | None]:
    """Keys of the sparse public-list indexes: set while the report is listed, all None otherwise,
    so a report made confidential or archived leaves the list on that same write."""
    listed = verified_at is not None and privacy != Privacy.CONFIDENTIAL.value and status not in NOT_PUBLICLY_LISTED
    if not listed:
        return {"public_region": None, "public_province": None, "public_shard": None, "public_since": None}
    return {
        "public_region": regency_of(region_code),
        "public_province": province_of(region_code),
        "public_shard": f"public#{shard_of(tracking_id)}",
        "public_since": f"{utc_key(verified_at)}#{tracking_id}",
    }
