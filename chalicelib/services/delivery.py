"""``send_notifications``: deliver the outbox by e-mail (SES) and SMS (SNS).

Each message is taken with a conditional write before it is handed to SES or SNS and
its result is written right after, so no message goes out twice: not when two senders
run at once, and not when a sender stops mid-batch. A message whose sender stopped
between taking it and recording the result is not retried but shown to admins as
unconfirmed. Failures are retried with exponential backoff; after the last try, or
when the provider refuses a message for good, it goes to the dead letters.

SES or SNS throttling or out counts as a failed try. DynamoDB throttling or out stops the
run: a message not yet taken stays due as it was; one that went out but whose result could
not be written stays taken and becomes unconfirmed, as above: at most once, never silently.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import aws
from chalicelib.config import get_settings
from chalicelib.domain import messages
from chalicelib.domain.permissions import Role
from chalicelib.domain.queues import shard_of, utc_key
from chalicelib.domain.reports import EventType
from chalicelib.observability import logger
from chalicelib.services import compliance
from chalicelib.services.changes import Channel, Recipient, outbox_row
from chalicelib.services.tracking import tracking_url
from chalicelib.store import faults, outbox, reference, reports, staff
from chalicelib.store.models import NotificationModel
from chalicelib.store.outbox import DeliveryStatus

# Errors that will not go away by trying again.
_PERMANENT_ERRORS = {"MessageRejected", "InvalidParameter", "InvalidParameterValue", "InvalidParameterException",
                     "MailFromDomainNotVerifiedException", "OptedOut", "ValidationError"}
# SES accepts at most 50 recipients per message.
_MAX_RECIPIENTS = 50


_EMAIL_ADDRESS = re.compile(r"[^\s@<>\"']+@[^\s@<>\"']+")
_PHONE_NUMBER = re.compile(r"\+?\d[\d\s-]{6,}\d")


def without_addresses(text: str) -> str:
    """Provider errors may quote the address; admins see the error, never a reporter's contact."""
    return _PHONE_NUMBER.sub("[nomor]", _EMAIL_ADDRESS.sub("[alamat]", text))


class NobodyToTell(Exception):
    """The message has no address to go to."""


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    unconfirmed: int = 0
    undeliverable: int = 0
    taken_by_others: int = 0
    stopped_early: bool = False
    aws_unavailable: bool = False  # DynamoDB throttled or out; the next run resumes

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Outgoing:
    channel: str
    addresses: list[str]
    message: messages.Message


def send_notifications(now: datetime | None = None, *, time_budget_seconds: float | None = None) -> DeliveryResult:
    now = now or datetime.now(timezone.utc)
    budget = get_settings().send_time_budget_seconds if time_budget_seconds is None else time_budget_seconds
    started = time.monotonic()
    result = DeliveryResult()
    until = utc_key(now)
    try:
        for shard in outbox.pending_shards():
            for row in outbox.due(shard, until):
                if time.monotonic() - started > budget:
                    result.stopped_early = True
                    break
                _deliver(row, now, result)
            if result.stopped_early:
                break
    except Exception as error:
        if not faults.is_passing(error):
            raise
        logger.warning("sender stopped: AWS busy or unavailable", exc_info=True)
        result.stopped_early = result.aws_unavailable = True
    logger.info("notifications sent", extra=result.as_dict())
    return result


def _deliver(row: NotificationModel, now: datetime, result: DeliveryResult) -> None:
    if row.recipient == Recipient.FOLLOWERS:
        try:
            _fan_out(row, now)
        except outbox.RowChanged:
            result.taken_by_others += 1
        return
    try:
        if row.status == DeliveryStatus.SENDING:
            # Its lease ran out without a result: the sender stopped mid-send. It may have gone out.
            _give_up(row, DeliveryStatus.UNCONFIRMED, "sender stopped before recording the result", now)
            result.unconfirmed += 1
            return
        try:
            outgoing = compose(row)
        except NobodyToTell as reason:
            _give_up(row, DeliveryStatus.UNDELIVERABLE, str(reason), now)
            result.undeliverable += 1
            return
        except Exception as error:  # a bug while looking up addresses: it counts as a try
            if faults.is_passing(error):
                raise  # DynamoDB is busy: the row is untouched and the next run composes it
            logger.exception("notification not composed", extra={"notification_id": row.notification_id})
            row.attempts = int(row.attempts or 0) + 1
            _record_failure(row, error, now, result)
            return
        _take(row, now)
    except outbox.RowChanged:
        result.taken_by_others += 1
        return
    # From here on no other sender will send it; whatever happens is recorded on this row only.
    try:
        message_id = _send(outgoing)
    except (ClientError, BotoCoreError) as error:
        _record_failure(row, error, now, result)
        return
    row.status = DeliveryStatus.SENT
    row.sent_at = utc_key(now)
    row.message_id = message_id
    row.pending_shard = row.next_attempt_at = row.last_error = None
    try:
        outbox.save(row)
    except Exception:
        # It stays taken and is shown as unconfirmed once its lease ends; the log says it went out.
        logger.warning("notification sent, result not recorded",
                       extra={"notification_id": row.notification_id, "message_id": message_id})
        raise
    result.sent += 1


def _fan_out(row: NotificationModel, now: datetime) -> None:
    """A public update of a report others were merged into: one reporter row per follower and
    channel (ids that say what they are, so a second run adds nothing), sent like any other."""
    original = reports.get_report(row.tracking_id)
    details = dict(row.details.as_dict() if row.details else {}, merged_into=row.tracking_id)
    for follower_id in (original.followers or []) if original is not None else []:
        follower = reports.get_report(follower_id)
        contact = follower.reporter if follower is not None else None
        for channel, given in ((Channel.EMAIL, contact and contact.email), (Channel.SMS, contact and contact.phone)):
            if given:
                outbox.insert(outbox_row(f"{row.notification_id}.{follower_id}.{channel}", row.event_type,
                                         Recipient.REPORTER, channel, now, tracking_id=follower_id,
                                         agency_id=follower.agency_id, details=details))
    row.status = DeliveryStatus.SENT
    row.sent_at = utc_key(now)
    row.pending_shard = row.next_attempt_at = None
    outbox.save(row)


def _take(row: NotificationModel, now: datetime) -> None:
    """Claim the row for this sender for the lease; raises RowChanged if another sender was first."""
    row.status = DeliveryStatus.SENDING
    row.attempts = int(row.attempts or 0) + 1
    row.next_attempt_at = utc_key(now + timedelta(seconds=get_settings().notify_lease_seconds))
    outbox.save(row)


def _record_failure(row: NotificationModel, error: Exception, now: datetime, result: DeliveryResult) -> None:
    settings = get_settings()
    code = error.response["Error"].get("Code", "") if isinstance(error, ClientError) else type(error).__name__
    description = without_addresses(f"{code}: {error}")[:500]
    logger.warning("notification not sent", extra={"notification_id": row.notification_id, "error": code,
                                                   "attempts": row.attempts})
    if code in _PERMANENT_ERRORS or row.attempts >= settings.notify_max_attempts:
        _give_up(row, DeliveryStatus.FAILED, description, now)
        result.failed += 1
        return
    wait = settings.notify_retry_base_seconds * 2 ** (row.attempts - 1)
    row.status = DeliveryStatus.PENDING
    row.last_error = description
    row.next_attempt_at = utc_key(now + timedelta(seconds=wait))
    outbox.save(row)
    result.retrying += 1


def _give_up(row: NotificationModel, status: str, reason: str, now: datetime) -> None:
    row.status = status
    row.last_error = reason
    row.pending_shard = row.next_attempt_at = None
    row.failed_shard = f"failed#{shard_of(row.notification_id)}"
    outbox.save(row)
    logger.warning("notification given up", extra={"notification_id": row.notification_id, "status": status,
                                                    "event_type": row.event_type, "recipient": row.recipient})


def retry(row: NotificationModel, now: datetime) -> None:
    """An admin sends a dead letter again (after fixing an address, say)."""
    row.status = DeliveryStatus.PENDING
    row.attempts = 0
    row.failed_shard = None
    row.next_attempt_at = utc_key(now)
    row.pending_shard = f"pending#{shard_of(row.notification_id)}"
    outbox.save(row)


# --- what to send, to whom ---------------------------------------------------------------


def _staff_addresses(row: NotificationModel) -> list[str]:
    if row.recipient == Recipient.NATIONAL_ADMINS:
        members = staff.in_role(Role.NATIONAL_ADMIN.value)
    elif row.recipient == Recipient.UNIT_OFFICERS:
        members = staff.officers_of(row.agency_id, row.unit_id) if row.unit_id else []
    else:  # the agency's admins, or the coordinating agency's
        members = staff.admins_of(row.agency_id)
    # A disabled account hears nothing more of the reports it may no longer open.
    return sorted({member.email for member in members if member.email and member.disabled_at is None}
                  )[:_MAX_RECIPIENTS]


def compose(row: NotificationModel) -> Outgoing:
    """The message and its addresses, looked up now (the outbox holds no contact details)."""
    event_type = EventType(row.event_type)
    if event_type == EventType.COMPLIANCE_REPORT:
        address, message = compliance.compose_notice(row.details.as_dict())
        if address is None:
            raise NobodyToTell("the oversight body's address or the report is no longer there")
        return Outgoing(Channel.EMAIL, [address], message)
    if event_type == EventType.DAILY_DIGEST:
        addresses = _staff_addresses(row)
        if not addresses:
            raise NobodyToTell(f"no admin with an e-mail address at {row.agency_id}")
        return Outgoing(Channel.EMAIL, addresses, messages.digest_email(digest_from_details(row.details.as_dict())))
    report = reports.get_report(row.tracking_id)
    if report is None:
        raise NobodyToTell("the report no longer exists")
    agency = reference.read_agency(report.agency_id)  # as stored now, not as a request saw it lately
    details = row.details.as_dict() if row.details else {}
    deadline = details.get("deadline")
    context = messages.Context(
        tracking_id=report.tracking_id, tracking_url=tracking_url(report.tracking_id),
        agency_name=agency.name if agency else report.agency_id,
        agency_short_name=agency.short_name if agency else report.agency_id,
        title=None if row.recipient == Recipient.REPORTER else report.title,
        stage=details.get("stage"), deadline=datetime.fromisoformat(deadline) if deadline else None,
        merged_into=details.get("merged_into"))
    if context.merged_into and event_type != EventType.MARKED_DUPLICATE:
        # A follower hears of the original's update: its agency acted, on the original.
        original = reports.get_report(context.merged_into)
        original_agency = reference.read_agency(original.agency_id) if original is not None else None
        if original_agency is not None:
            context = replace(context, agency_name=original_agency.name, agency_short_name=original_agency.short_name)
    if row.recipient == Recipient.REPORTER:
        contact = report.reporter
        address = (contact.email if row.channel == Channel.EMAIL else contact.phone) if contact else None
        if not address:
            raise NobodyToTell("the reporter left no address for this channel")
        if row.channel == Channel.SMS:
            return Outgoing(Channel.SMS, [address], messages.sms(event_type, context))
        return Outgoing(Channel.EMAIL, [address], messages.email(event_type, True, context))
    addresses = _staff_addresses(row)
    if not addresses:
        raise NobodyToTell(f"no {row.recipient} with an e-mail address at {row.agency_id or 'national level'}")
    return Outgoing(Channel.EMAIL, addresses, messages.email(event_type, False, context))


def _send(outgoing: Outgoing) -> str:
    settings = get_settings()
    if outgoing.channel == Channel.SMS:
        response = aws.sns().publish(
            PhoneNumber=outgoing.addresses[0], Message=outgoing.message.body,
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": settings.sms_sender_id}})
        return response["MessageId"]
    request = {
        "Source": settings.sender_email,
        "Destination": {"ToAddresses": outgoing.addresses} if len(outgoing.addresses) == 1
        else {"BccAddresses": outgoing.addresses},  # staff need not see each other's addresses
        "Message": {"Subject": {"Data": outgoing.message.subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": outgoing.message.body, "Charset": "UTF-8"}}},
    }
    if settings.ses_configuration_set:
        request["ConfigurationSetName"] = settings.ses_configuration_set
    return aws.ses().send_email(**request)["MessageId"]


def digest_from_details(details: dict) -> messages.Digest:
    def lines(name: str) -> list[messages.DigestLine]:
        return [messages.DigestLine(entry["tracking_id"], entry["title"],
                                    datetime.fromisoformat(entry["due"]) if entry.get("due") else None)
                for entry in details[name]]

    return messages.Digest(agency_name=details["agency_name"], day=datetime.fromisoformat(details["day"]),
                           new=lines("new"), due_soon=lines("due_soon"), overdue=lines("overdue"),
                           totals={name: int(count) for name, count in details["totals"].items()},
                           console_url=details["console_url"])
