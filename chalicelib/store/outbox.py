"""The outbox: messages waiting to be sent, being sent, sent, or given up on.

Every status change is a conditional write on the row's version, so two senders never
both take the same message.
"""
from __future__ import annotations

from collections.abc import Iterator

from pynamodb.exceptions import PutError

from chalicelib import store
from chalicelib.domain.queues import NATIONAL_SHARDS
from chalicelib.store.models import NotificationModel


class RowChanged(Exception):
    """Another sender changed the row first."""


class DeliveryStatus:
    PENDING = "pending"
    SENDING = "sending"  # taken by a sender; if it stays here, the sender stopped mid-send
    SENT = "sent"
    FAILED = "failed"  # gave up after the retries, or the provider refused it for good
    UNCONFIRMED = "unconfirmed"  # the sender stopped while sending: not retried, so never sent twice
    UNDELIVERABLE = "undeliverable"  # nobody to send it to (no admin with an e-mail address)
    # Finished without sending, rightly: the only one to tell is the person who acted, or the
    # reporter's number takes no SMS. Neither a failure nor a dead letter.
    SKIPPED = "skipped"


DEAD_LETTER_STATUSES = (DeliveryStatus.FAILED, DeliveryStatus.UNCONFIRMED, DeliveryStatus.UNDELIVERABLE)


def pending_shards() -> list[str]:
    return [f"pending#{shard}" for shard in range(NATIONAL_SHARDS)]


def failed_shards() -> list[str]:
    return [f"failed#{shard}" for shard in range(NATIONAL_SHARDS)]


def due(shard: str, until_key: str) -> Iterator[NotificationModel]:
    """Rows of one shard whose next attempt is due, oldest first (consistent reads are not
    possible on an index: each row is checked again by its conditional write)."""
    store.ready()
    yield from NotificationModel.pending.query(shard, NotificationModel.next_attempt_at <= until_key)


def get(notification_id: str) -> NotificationModel | None:
    return store.get_or_none(NotificationModel, notification_id, consistent_read=True)


def save(row: NotificationModel) -> None:
    """Write the row's new state if nobody changed it since it was read."""
    store.ready()
    try:
        row.save()
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise RowChanged() from error
        raise


def insert(row: NotificationModel) -> bool:
    """Add a row under an id that says what it is; False if it is already there (sent once only)."""
    store.ready()
    try:
        row.save(condition=NotificationModel.notification_id.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
