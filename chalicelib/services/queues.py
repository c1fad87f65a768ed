"""Use case: a staff member lists a work queue, within their scope, one page at a time."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from chalicelib.domain import queues, views
from chalicelib.domain.formats import AGENCY_ID_PATTERN
from chalicelib.domain.permissions import Principal, Role
from chalicelib.domain.queues import NATIONAL_SHARDS, QUEUE_OF_STATUS, Queue
from chalicelib.domain.reports import Status
from chalicelib.errors import BadRequest, FieldProblem, Forbidden, invalid
from chalicelib.i18n import Text
from chalicelib.store import reports
from chalicelib.store.models import ReportModel

DEFAULT_PAGE = 25
MAX_PAGE = 100


def _choice(raw: str | None, enum, field: str):
    if raw is None:
        return None
    try:
        return enum(raw)
    except ValueError:
        names = ", ".join(member.value for member in enum)
        raise invalid(field, "enum", Text(f"Harus salah satu dari: {names}.", f"Must be one of: {names}.")) from None


def page_size(raw: str | None, default: int = DEFAULT_PAGE, most: int = MAX_PAGE) -> int:
    """A listing's ``limit`` parameter: ``default`` when absent, else a whole number from 1 to ``most``."""
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= most:
        raise invalid("limit", "out_of_range", Text(f"Angka 1–{most}.", f"A number from 1 to {most}."))
    return int(raw)


@contextmanager
def refusing_foreign_cursors() -> Iterator[None]:
    """Around a listing's read: a cursor it did not hand out (garbage, or another listing's) is
    refused with the same 400 by every listing."""
    try:
        yield
    except reports.InvalidCursor:
        raise BadRequest(Text("Kursor halaman tidak valid untuk daftar ini.", "The cursor is not valid for this list."),
                         [FieldProblem("cursor", "invalid_cursor", Text("Mulai dari halaman pertama.",
                                                                        "Start again from the first page."))]) from None


def list_reports(principal: Principal, params: dict[str, str]) -> dict:
    queue = _choice(params.get("queue"), Queue, "queue")
    status = _choice(params.get("status"), Status, "status")
    limit = page_size(params.get("limit"))
    if queue is None:
        queue = QUEUE_OF_STATUS[status] if status else (
            Queue.INBOX if principal.role == Role.UNIT_OFFICER else Queue.VERIFICATION)
    if status and queue not in (Queue.OVERDUE, Queue.ROUTED) and QUEUE_OF_STATUS[status] != queue:
        raise invalid("status", "status_not_in_queue",
                      Text(f"Status {status.value} tidak ada di antrean {queue.value}.",
                           f"Status {status.value} is never in the {queue.value} queue."))
    agency_id = params.get("agency_id")
    if agency_id is not None and not re.match(AGENCY_ID_PATTERN, agency_id):
        raise invalid("agency_id", "string_pattern_mismatch", Text("Contoh: dpupr-tanjungpinang",
                                                                   "Example: dpupr-tanjungpinang"))
    if not principal.sees_everything:
        if agency_id and agency_id != principal.agency_id:
            raise Forbidden(Text("Anda hanya dapat melihat laporan instansi Anda.",
                                 "You may only list your own agency's reports."))
        agency_id = principal.agency_id

    now_key = queues.utc_key(datetime.now(timezone.utc))
    filter_condition = ReportModel.status == status.value if status else None
    unit_id = principal.unit_id if principal.role == Role.UNIT_OFFICER else None
    if queue == Queue.ROUTED:
        if not agency_id:
            raise invalid("agency_id", "missing", Text("Antrean ini milik satu instansi koordinator.",
                                                        "This queue belongs to one coordinating agency."))
        index, hash_keys = ReportModel.by_routed_watch, [agency_id]
        range_condition, newest_first = None, False
    elif queue == Queue.OVERDUE:
        overdue = ReportModel.next_due_at < now_key
        if unit_id:
            filter_condition = _and(filter_condition, ReportModel.unit_id == unit_id)
        if agency_id:
            index, hash_keys = ReportModel.by_agency_due, [agency_id]
        else:
            index, hash_keys = ReportModel.by_due_shard, [f"due#{n}" for n in range(NATIONAL_SHARDS)]
        range_condition, newest_first = overdue, False
    else:
        range_condition, newest_first = None, queue == Queue.DONE
        if unit_id:
            index, hash_keys = ReportModel.by_unit_queue, [queues.unit_queue_key(agency_id, unit_id, queue.value)]
        elif agency_id:
            index, hash_keys = ReportModel.by_agency_queue, [f"{agency_id}#{queue.value}"]
        else:
            index, hash_keys = ReportModel.by_national_queue, [f"{queue.value}#{n}" for n in range(NATIONAL_SHARDS)]
    with refusing_foreign_cursors():
        items, cursor = reports.list_index(index, hash_keys, limit=limit, cursor=params.get("cursor"),
                                           range_condition=range_condition, filter_condition=filter_condition,
                                           newest_first=newest_first)
    return {"queue": queue.value, "status": status.value if status else None, "agency_id": agency_id,
            "items": [views.queue_item(item, now_key) for item in items], "cursor": cursor}


# Counting stops here: a console badge says "999+" rather than read a whole backlog.
COUNT_CAP = 999


def queue_counts(principal: Principal) -> dict:
    """How many reports wait in each queue the console shows, within the caller's scope."""
    now_key = queues.utc_key(datetime.now(timezone.utc))
    agency_id = None if principal.sees_everything else principal.agency_id
    unit_id = principal.unit_id if principal.role == Role.UNIT_OFFICER else None
    wanted = {}
    for queue in (Queue.VERIFICATION, Queue.INBOX, Queue.AWAITING_APPROVAL, Queue.ANSWERED):
        if unit_id:
            partitions = [(ReportModel.by_unit_queue, queues.unit_queue_key(agency_id, unit_id, queue.value))]
        elif agency_id:
            partitions = [(ReportModel.by_agency_queue, f"{agency_id}#{queue.value}")]
        else:
            partitions = [(ReportModel.by_national_queue, f"{queue.value}#{n}") for n in range(NATIONAL_SHARDS)]
        wanted[queue.value] = reports.Count(partitions)
    overdue_filter = ReportModel.unit_id == unit_id if unit_id else None
    if agency_id:
        partitions = [(ReportModel.by_agency_due, agency_id)]
    else:
        partitions = [(ReportModel.by_due_shard, f"due#{n}") for n in range(NATIONAL_SHARDS)]
    wanted[Queue.OVERDUE.value] = reports.Count(partitions, ReportModel.next_due_at < now_key, overdue_filter)
    if principal.role == Role.AGENCY_ADMIN and agency_id:
        wanted[Queue.ROUTED.value] = reports.Count([(ReportModel.by_routed_watch, agency_id)])
    # Every partition at once: one round trip, where counting them in turn took one each (32 nationally).
    counts = reports.counts_at_once(wanted, COUNT_CAP)
    return {"agency_id": agency_id, "unit_id": unit_id, "cap": COUNT_CAP,
            "counts": {name: {"count": min(n, COUNT_CAP), "more": n > COUNT_CAP} for name, n in counts.items()}}


def _and(left, right):
    return right if left is None else left & right
