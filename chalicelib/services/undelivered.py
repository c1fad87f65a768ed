"""Use cases of admins: see the notifications that could not be delivered, and send one again.

Rows name who was to hear (reporter, agency admins…) but never an address, and errors are
stored without addresses, so this view reveals no reporter's contact details.
"""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.domain import permissions
from chalicelib.domain.permissions import Principal, Role
from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.i18n import Text
from chalicelib.services import delivery
from chalicelib.services.queues import page_size, refusing_foreign_cursors
from chalicelib.store import outbox, reports
from chalicelib.store.models import NotificationModel
from chalicelib.store.outbox import DEAD_LETTER_STATUSES

_NOT_FOUND = Text("Notifikasi tidak ditemukan.", "Notification not found.")
_ADMINS_ONLY = Text("Hanya admin yang dapat melihat notifikasi yang gagal.",
                    "Only admins may see notifications that failed.")


def _view(row: NotificationModel) -> dict:
    return {
        "notification_id": row.notification_id, "tracking_id": row.tracking_id, "event_type": row.event_type,
        "recipient": row.recipient, "channel": row.channel, "agency_id": row.agency_id, "status": row.status,
        "attempts": int(row.attempts or 0), "last_error": row.last_error, "created_at": row.created_at,
    }


def list_undelivered(principal: Principal, params: dict[str, str]) -> dict:
    if principal.role not in (Role.NATIONAL_ADMIN, Role.AGENCY_ADMIN):
        raise Forbidden(_ADMINS_ONLY)
    limit = page_size(params.get("limit"))
    # Dead letters are few; an agency admin's view filters the national list to its agency.
    agency_filter = None if principal.role == Role.NATIONAL_ADMIN else NotificationModel.agency_id == principal.agency_id
    with refusing_foreign_cursors():
        rows, cursor = reports.list_index(NotificationModel.failed, outbox.failed_shards(), limit=limit,
                                          cursor=params.get("cursor"), filter_condition=agency_filter,
                                          newest_first=True)
    return {"items": [_view(row) for row in rows], "cursor": cursor}


def retry(principal: Principal, notification_id: str) -> dict:
    row = outbox.get(notification_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    if not permissions.may_manage_notifications(principal, row.agency_id):
        raise Forbidden(_ADMINS_ONLY)
    if row.status not in DEAD_LETTER_STATUSES:
        raise Conflict(Text(f"Notifikasi berstatus '{row.status}' tidak perlu dikirim ulang.",
                            f"A notification in status '{row.status}' needs no retry."), code="not_undelivered")
    try:
        delivery.retry(row, datetime.now(timezone.utc))
    except outbox.RowChanged:
        raise Conflict(Text("Notifikasi baru saja berubah; muat ulang.", "The notification just changed; reload."),
                       code="version_conflict") from None
    return _view(row)
