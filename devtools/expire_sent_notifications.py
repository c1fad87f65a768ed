"""`python -m devtools.expire_sent_notifications <dev|prod>`: once per deployed stage, after the
release that gave sent outbox rows an expiry (DynamoDB TTL on ``expires_at``), give the rows sent
before it theirs, so DynamoDB deletes those too: ``sent_at`` plus NOTIFY_SENT_RETENTION_DAYS (rows
already older go within a few days, as TTL deletes).

Rows still pending need nothing: the sender understands them as they are (a row taken by the
previous release holds its lease's end in ``next_attempt_at``). Dead letters keep no expiry.

A one-off maintenance script, never a job: it reads the whole outbox with a paged Scan and updates
each sent row without an expiry, on condition that it is still sent and still has none, so running
it again, or while the sender runs, changes nothing twice. Needs AWS credentials for the account.

    python -m devtools.expire_sent_notifications prod [--dry-run]
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import UpdateError


@dataclass
class Backfill:
    read: int = 0
    given_expiry: int = 0
    changed_meanwhile: int = 0


def give_sent_rows_an_expiry(*, dry_run: bool = False) -> Backfill:
    """Every sent row without an expiry gets ``sent_at`` + the retention period (the stage the
    environment names)."""
    from chalicelib import store
    from chalicelib.store.models import NotificationModel
    from chalicelib.store.outbox import DeliveryStatus

    settings = store.ready()
    retention = timedelta(days=settings.notify_sent_retention_days)
    done = Backfill()
    for row in NotificationModel.scan((NotificationModel.status == DeliveryStatus.SENT)
                                      & NotificationModel.expires_at.does_not_exist()):
        done.read += 1
        sent_at = datetime.fromisoformat((row.sent_at or row.created_at).replace("Z", "+00:00"))
        if dry_run:
            done.given_expiry += 1
            continue
        try:
            # On the row's state, not its version: whatever read it before (an admin's retry of a
            # dead letter cannot, a sent row is none) meets a new version and reloads.
            row.update(actions=[NotificationModel.expires_at.set(sent_at + retention)],
                       condition=(NotificationModel.status == DeliveryStatus.SENT)
                       & NotificationModel.expires_at.does_not_exist(), add_version_condition=False)
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            done.changed_meanwhile += 1
            continue
        done.given_expiry += 1
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("dev", "prod"))
    parser.add_argument("--dry-run", action="store_true", help="count the rows, change nothing")
    args = parser.parse_args()

    from devtools.stage_setup import point_at_stage

    point_at_stage(args.stage)
    print(json.dumps(give_sent_rows_an_expiry(dry_run=args.dry_run).__dict__))


if __name__ == "__main__":
    main()
