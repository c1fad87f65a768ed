"""Work queues: which queue a status belongs to, and the index keys a report carries for it.

Every report write recomputes these keys from the report's state (``index_keys``), so a
queue listing is one index Query and never a Scan.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from enum import Enum

from chalicelib.domain.reports import Status


class Queue(str, Enum):
    VERIFICATION = "verification"  # waiting for an admin to verify and route (or on hold)
    INBOX = "inbox"  # with the agency, waiting for its follow-up
    ANSWERED = "answered"  # answered, waiting for the reporter
    DONE = "done"  # closed or archived
    OVERDUE = "overdue"  # not a place of its own: any report past its agency deadline


QUEUE_OF_STATUS = {
    Status.SUBMITTED: Queue.VERIFICATION,
    Status.ON_HOLD: Queue.VERIFICATION,
    Status.DISPOSITIONED: Queue.INBOX,
    Status.IN_PROGRESS: Queue.INBOX,
    Status.REPORTER_REPLIED: Queue.INBOX,
    Status.RESPONDED: Queue.ANSWERED,
    Status.CLOSED: Queue.DONE,
    Status.ARCHIVED: Queue.DONE,
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


def index_keys(*, tracking_id: str, status: Status, agency_id: str, unit_id: str | None,
               entered_queue_at: datetime, agency_deadline: datetime | None) -> dict[str, str | None]:
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
    }
