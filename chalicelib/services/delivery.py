"""``send_notifications``: deliver the outbox by e-mail (SES) and SMS (SNS).

Each message is taken with a conditional write before it is handed to SES or SNS and
its result is written right after, so no message goes out twice: not when two senders
run at once, and not when a sender stops mid-batch. A message whose sender stopped
between taking it and recording the result is not retried but shown to admins as
unconfirmed. Failures are retried with exponential backoff; after the last try, or
when the provider refuses a message for good, it goes to the dead letters.

A run reads the due messages a shard at a time and delivers them on a few threads, one report's
messages one after another on one thread; what several messages need (the report, its agency, the staff to
write to) is read once per run. Taking a message leaves its place in the pending index as it is.

SES or SNS throttling or out counts as a failed try. DynamoDB throttling or out stops the
run: a message not yet taken stays due as it was; one that went out but whose result could
not be written stays taken and becomes unconfirmed, as above: at most once, never silently.
"""
from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import aws
from chalicelib.config import get_settings
from chalicelib.domain import messages, phones, tracking
from chalicelib.domain.permissions import Role
from chalicelib.domain.queues import shard_of, utc_key
from chalicelib.domain.reports import EventType
from chalicelib.observability import logger
from chalicelib.services import compliance
from chalicelib.services.changes import Channel, Recipient, outbox_row, reporter_channels
from chalicelib.services.limits import guard_secret
from chalicelib.services.tracking import tracking_url
from chalicelib.store import faults, outbox, reference, reports, staff
from chalicelib.store.models import NotificationModel
from chalicelib.store.outbox import DeliveryStatus

# Errors that will not go away by trying again.
_PERMANENT_ERRORS = {"MessageRejected", "InvalidParameter", "InvalidParameterValue", "InvalidParameterException",
                     "MailFromDomainNotVerifiedException", "OptedOut", "ValidationError"}
# SES accepts at most 50 recipients per message.
_MAX_RECIPIENTS = 50
# Due rows handed to the threads at a time: enough to keep them busy, few enough that a run out of
# time has read little it does not send.
_ROWS_PER_ROUND = 200


_EMAIL_ADDRESS = re.compile(r"[^\s@<>\"']+@[^\s@<>\"']+")
_PHONE_NUMBER = re.compile(r"\+?\d[\d\s-]{6,}\d")


def without_addresses(text: str) -> str:
    """Provider errors may quote the address; admins see the error, never a reporter's contact."""
    return _PHONE_NUMBER.sub("[nomor]", _EMAIL_ADDRESS.sub("[alamat]", text))


class NobodyToTell(Exception):
    """The message has no address to go to: a dead letter admins see."""


class NothingToSend(Exception):
    """Rightly nobody to send the message to: the only one to tell is the person who acted, or
    the reporter's number takes no SMS. The row is finished, not failed."""


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    unconfirmed: int = 0
    undeliverable: int = 0
    skipped: int = 0  # finished without sending (NothingToSend)
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


class _Once:
    """Values read once per run and shared by its threads: the first caller of a key reads it,
    the others wait for that answer. A failed read is not kept (the error reaches every waiter)."""

    def __init__(self, read: Callable) -> None:
        self._read = read
        self._answers: dict = {}
        self._lock = threading.Lock()

    def __call__(self, key):
        with self._lock:
            answer = self._answers.get(key)
            mine = answer is None
            if mine:
                answer = self._answers[key] = Future()
        if mine:
            try:
                answer.set_result(self._read(key))
            except BaseException as error:
                with self._lock:
                    del self._answers[key]
                answer.set_exception(error)
        return answer.result()

    def missing(self, keys: set) -> set:
        with self._lock:
            return {key for key in keys if key not in self._answers}

    def keep(self, answers: dict) -> None:
        """Answers read together elsewhere (a BatchGetItem); keys already read keep theirs."""
        with self._lock:
            for key, value in answers.items():
                if key not in self._answers:
                    self._answers[key] = answer = Future()
                    answer.set_result(value)


@dataclass
class Lookups:
    """What composing messages reads, each thing once per run."""

    report: _Once = field(default_factory=lambda: _Once(reports.get_report))
    agency: _Once = field(default_factory=lambda: _Once(reference.read_agency))  # as stored now
    staff: _Once = field(default_factory=lambda: _Once(_staff_of))  # each audience's members, everyone's

    def read_ahead(self, rows: list[NotificationModel], pool: ThreadPoolExecutor) -> None:
        """The reports of these rows (on the threads) and then their agencies (one BatchGetItem)."""
        found = list(pool.map(self.report, sorted(self.report.missing(
            {row.tracking_id for row in rows if row.tracking_id}))))
        agency_ids = self.agency.missing({report.agency_id for report in found if report is not None})
        if agency_ids:
            # Only active agencies come back; any other is read on its own when a message names it.
            self.agency.keep({agency.agency_id: agency for agency in reference.agencies_by_id(agency_ids)})


@dataclass
class _Run:
    now: datetime
    deadline: float  # time.monotonic() after which no message is taken
    result: DeliveryResult = field(default_factory=DeliveryResult)
    lookups: Lookups = field(default_factory=Lookups)
    halted: threading.Event = field(default_factory=threading.Event)  # an error stops every thread
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, outcome: str) -> None:
        with self._lock:
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)

    def may_go_on(self) -> bool:
        if self.halted.is_set():
            return False
        if time.monotonic() > self.deadline:
            self.result.stopped_early = True
            return False
        return True


def send_notifications(now: datetime | None = None, *, time_budget_seconds: float | None = None) -> DeliveryResult:
    now = now or datetime.now(timezone.utc)
    settings = get_settings()
    budget = settings.send_time_budget_seconds if time_budget_seconds is None else time_budget_seconds
    run = _Run(now, time.monotonic() + budget)
    until = utc_key(now)
    try:
        with ThreadPoolExecutor(max_workers=settings.notify_send_concurrency,
                                thread_name_prefix="sender") as pool:
            for shard in outbox.pending_shards():
                due = outbox.due(shard, until)
                while run.may_go_on() and (rows := list(itertools.islice(due, _ROWS_PER_ROUND))):
                    _deliver_round(rows, run, pool)
                if not run.may_go_on():
                    break
    except Exception as error:
        if not faults.is_passing(error):
            raise
        logger.warning("sender stopped: AWS busy or unavailable", exc_info=True)
        run.result.stopped_early = run.result.aws_unavailable = True
    logger.info("notifications sent", extra=run.result.as_dict())
    return run.result


def _deliver_round(rows: list[NotificationModel], run: _Run, pool: ThreadPoolExecutor) -> None:
    """Deliver these rows on the pool, one report's rows one after another; the first error
    stops every thread before its next message and is raised here once all have stopped."""
    run.lookups.read_ahead(rows, pool)
    by_report: dict[str, list[NotificationModel]] = {}
    for row in rows:
        by_report.setdefault(row.tracking_id or row.notification_id, []).append(row)
    futures = [pool.submit(_deliver_in_order, group, run) for group in by_report.values()]
    errors = []
    for future in futures:
        try:
            future.result()
        except BaseException as error:  # noqa: BLE001 - raised below, after the other threads stopped
            errors.append(error)
    if errors:
        raise errors[0]


def _deliver_in_order(rows: list[NotificationModel], run: _Run) -> None:
    try:
        for row in rows:
            if not run.may_go_on():
                return
            outcome = _deliver(row, run)
            if outcome:
                run.count(outcome)
    except BaseException:
        run.halted.set()
        raise


def _lease_over(row: NotificationModel, now: datetime) -> bool:
    # Rows taken before leases had their own attribute hold the lease's end in next_attempt_at.
    return (row.lease_until or row.next_attempt_at or "") <= utc_key(now)


def _deliver(row: NotificationModel, run: _Run) -> str | None:
    """Deliver one row; the name of the DeliveryResult counter it adds to, if any."""
    now = run.now
    if row.recipient == Recipient.FOLLOWERS:
        try:
            _fan_out(row, run)
        except outbox.RowChanged:
            return "taken_by_others"
        return None
    try:
        if row.status == DeliveryStatus.SENDING:
            if not _lease_over(row, now):
                return "taken_by_others"  # another sender is on it
            # Its lease ran out without a result: the sender stopped mid-send. It may have gone out.
            _give_up(row, DeliveryStatus.UNCONFIRMED, "sender stopped before recording the result", now)
            return "unconfirmed"
        try:
            outgoing = compose(row, run.lookups)
        except NobodyToTell as reason:
            _give_up(row, DeliveryStatus.UNDELIVERABLE, str(reason), now)
            return "undeliverable"
        except NothingToSend as reason:
            _skip(row, str(reason), now)
            return "skipped"
        except Exception as error:  # a bug while looking up addresses: it counts as a try
            if faults.is_passing(error):
                raise  # DynamoDB is busy: the row is untouched and the next run composes it
            logger.exception("notification not composed", extra={"notification_id": row.notification_id})
            row.attempts = int(row.attempts or 0) + 1
            return _record_failure(row, error, now)
        _take(row, now)
    except outbox.RowChanged:
        return "taken_by_others"
    # From here on no other sender will send it; whatever happens is recorded on this row only.
    try:
        message_id = _send(outgoing)
    except (ClientError, BotoCoreError) as error:
        return _record_failure(row, error, now)
    row.status = DeliveryStatus.SENT
    row.sent_at = utc_key(now)
    row.message_id = message_id
    row.last_error = None
    _settled(row, now)
    try:
        outbox.save(row)
    except Exception:
        # It stays taken and is shown as unconfirmed once its lease ends; the log says it went out.
        logger.warning("notification sent, result not recorded",
                       extra={"notification_id": row.notification_id, "message_id": message_id})
        raise
    return "sent"


def _fan_out(row: NotificationModel, run: _Run) -> None:
    """A public update of a report others were merged into: one reporter row per follower and
    channel (ids that say what they are, so a second run adds nothing), sent like any other."""
    now = run.now
    original = run.lookups.report(row.tracking_id)
    details = dict(row.details.as_dict() if row.details else {}, merged_into=row.tracking_id)
    followers = reports.reports_by_id(list(original.followers or [])) if original is not None else {}
    for follower_id in sorted(followers):
        follower = followers[follower_id]
        for channel in reporter_channels(follower.reporter):
            outbox.insert(outbox_row(f"{row.notification_id}.{follower_id}.{channel}", row.event_type,
                                     Recipient.REPORTER, channel, now, tracking_id=follower_id,
                                     agency_id=follower.agency_id, details=details, acted_by=row.acted_by))
    row.status = DeliveryStatus.SENT
    row.sent_at = utc_key(now)
    _settled(row, now)
    outbox.save(row)


def _settled(row: NotificationModel, now: datetime) -> None:
    """Out of the pending index, without the access code it carried; kept for the retention period,
    then expired by DynamoDB."""
    row.pending_shard = row.next_attempt_at = row.lease_until = row.sealed_access_code = None
    row.expires_at = now + timedelta(days=get_settings().notify_sent_retention_days)


def _take(row: NotificationModel, now: datetime) -> None:
    """Claim the row for this sender for the lease; raises RowChanged if another sender was first.
    Its next attempt (the pending index's key) stays: the index entry is rewritten, not moved."""
    row.status = DeliveryStatus.SENDING
    row.attempts = int(row.attempts or 0) + 1
    row.lease_until = utc_key(now + timedelta(seconds=get_settings().notify_lease_seconds))
    outbox.save(row)


def _record_failure(row: NotificationModel, error: Exception, now: datetime) -> str:
    settings = get_settings()
    code = error.response["Error"].get("Code", "") if isinstance(error, ClientError) else type(error).__name__
    description = without_addresses(f"{code}: {error}")[:500]
    logger.warning("notification not sent", extra={"notification_id": row.notification_id, "error": code,
                                                   "attempts": row.attempts})
    if code in _PERMANENT_ERRORS or row.attempts >= settings.notify_max_attempts:
        _give_up(row, DeliveryStatus.FAILED, description, now)
        return "failed"
    wait = settings.notify_retry_base_seconds * 2 ** (row.attempts - 1)
    row.status = DeliveryStatus.PENDING
    row.last_error = description
    row.next_attempt_at = utc_key(now + timedelta(seconds=wait))
    row.lease_until = None
    outbox.save(row)
    return "retrying"


def _skip(row: NotificationModel, reason: str, now: datetime) -> None:
    """Finished without sending, as the rules want: kept like a sent row, never a dead letter."""
    row.status = DeliveryStatus.SKIPPED
    row.skipped_because = reason
    _settled(row, now)
    outbox.save(row)
    logger.info("notification skipped", extra={"notification_id": row.notification_id, "reason": reason,
                                               "event_type": row.event_type, "recipient": row.recipient})


def _give_up(row: NotificationModel, status: str, reason: str, now: datetime) -> None:
    """A dead letter stays until an admin sends it again, so it keeps no access code: sent again,
    the receipt e-mail goes without it (the reporter had the code on the receipt page)."""
    row.status = status
    row.last_error = reason
    row.pending_shard = row.next_attempt_at = row.lease_until = row.sealed_access_code = None
    row.failed_shard = f"failed#{shard_of(row.notification_id)}"
    outbox.save(row)
    logger.warning("notification given up", extra={"notification_id": row.notification_id, "status": status,
                                                    "event_type": row.event_type, "recipient": row.recipient})


def retry(row: NotificationModel, now: datetime) -> None:
    """An admin sends a dead letter again (after fixing an address, say)."""
    row.status = DeliveryStatus.PENDING
    row.attempts = 0
    row.failed_shard = row.lease_until = row.expires_at = None
    row.next_attempt_at = utc_key(now)
    row.pending_shard = f"pending#{shard_of(row.notification_id)}"
    outbox.save(row)


# --- what to send, to whom ---------------------------------------------------------------


def _audience(row: NotificationModel) -> tuple[str, str | None, str | None]:
    """Which staff a row is for: the same three things name the same people."""
    if row.recipient == Recipient.NATIONAL_ADMINS:
        return Recipient.NATIONAL_ADMINS, None, None
    if row.recipient == Recipient.UNIT_OFFICERS:
        return Recipient.UNIT_OFFICERS, row.agency_id, row.unit_id
    return Recipient.AGENCY_ADMINS, row.agency_id, None  # the agency's admins, or the coordinating agency's


def _staff_of(audience: tuple[str, str | None, str | None]) -> list[tuple[str, str | None]]:
    """(username, e-mail) of the audience's active members. Read once per run for every row: which
    of them a row leaves out (the person who acted) is decided per row, in ``_staff_addresses``."""
    recipient, agency_id, unit_id = audience
    if recipient == Recipient.NATIONAL_ADMINS:
        members = staff.in_role(Role.NATIONAL_ADMIN.value)
    elif recipient == Recipient.UNIT_OFFICERS:
        members = staff.officers_of(agency_id, unit_id) if unit_id else []
    else:
        members = staff.admins_of(agency_id)
    # A disabled account hears nothing more of the reports it may no longer open.
    return [(member.username, member.email) for member in members if member.disabled_at is None]


def _staff_addresses(row: NotificationModel, lookups: Lookups) -> list[str]:
    """Where a staff row goes: its audience but the person who acted. Only them: NothingToSend;
    nobody with an address: NobodyToTell."""
    members = lookups.staff(_audience(row))
    others = [(username, email) for username, email in members if username != row.acted_by]
    if members and not others:
        raise NothingToSend("only the person who acted would hear of it")
    addresses = sorted({email for _, email in others if email})[:_MAX_RECIPIENTS]
    if not addresses:
        where = row.agency_id or "national level"
        raise NobodyToTell(f"no {row.recipient} with an e-mail address at {where}")
    return addresses


def compose(row: NotificationModel, lookups: Lookups | None = None) -> Outgoing:
    """The message and its addresses, looked up now (the outbox holds no contact details)."""
    lookups = lookups or Lookups()
    event_type = EventType(row.event_type)
    if event_type == EventType.COMPLIANCE_REPORT:
        address, message = compliance.compose_notice(row.details.as_dict())
        if address is None:
            raise NobodyToTell("the oversight body's address or the report is no longer there")
        return Outgoing(Channel.EMAIL, [address], message)
    if event_type == EventType.DAILY_DIGEST:
        return Outgoing(Channel.EMAIL, _staff_addresses(row, lookups),
                        messages.digest_email(digest_from_details(row.details.as_dict())))
    report = lookups.report(row.tracking_id)
    if report is None:
        raise NobodyToTell("the report no longer exists")
    agency = lookups.agency(report.agency_id)
    details = row.details.as_dict() if row.details else {}
    deadline = details.get("deadline")
    context = messages.Context(
        tracking_id=report.tracking_id, tracking_url=tracking_url(report.tracking_id),
        console_url=f"{get_settings().public_base_url}/console",
        agency_name=agency.name if agency else report.agency_id,
        agency_short_name=agency.short_name if agency else report.agency_id,
        title=None if row.recipient == Recipient.REPORTER else report.title,
        stage=details.get("stage"), deadline=datetime.fromisoformat(deadline) if deadline else None,
        merged_into=details.get("merged_into"), access_code=_access_code_of(row))
    if context.merged_into and event_type != EventType.MARKED_DUPLICATE:
        # A follower hears of the original's update: its agency acted, on the original.
        original = lookups.report(context.merged_into)
        original_agency = lookups.agency(original.agency_id) if original is not None else None
        if original_agency is not None:
            context = replace(context, agency_name=original_agency.name, agency_short_name=original_agency.short_name)
    if row.recipient == Recipient.REPORTER:
        contact = report.reporter
        address = (contact.email if row.channel == Channel.EMAIL else contact.phone) if contact else None
        if not address:
            raise NobodyToTell("the reporter left no address for this channel")
        if row.channel == Channel.SMS:
            # Checked again here for rows queued before landlines were left out when queueing.
            number = phones.sms_number(address)
            if number is None:
                raise NothingToSend("the reporter's number is not a mobile number")
            return Outgoing(Channel.SMS, [number], messages.sms(event_type, context))
        return Outgoing(Channel.EMAIL, [address], messages.email(event_type, True, context))
    return Outgoing(Channel.EMAIL, _staff_addresses(row, lookups), messages.email(event_type, False, context))


def _access_code_of(row: NotificationModel) -> str | None:
    """The receipt e-mail's access code, opened from its row (never logged, never kept once sent)."""
    if not row.sealed_access_code or row.recipient != Recipient.REPORTER or row.channel != Channel.EMAIL:
        return None
    return tracking.open_sealed_access_code(guard_secret(), row.notification_id, row.sealed_access_code)


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
