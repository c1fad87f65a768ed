"""Use cases of the reporter, with the access token: reply, give feedback, escalate.

"Not resolved" sends the report back to the agency (counted as reopened) and opens the
way to the Ombudsman; escalation is allowed only when DESIGN §2 allows it, and a
refusal says why.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from chalicelib.domain import clocks, lifecycle, statistics
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.reports import EventType, Status, Visibility
from chalicelib.errors import Conflict
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import changes, reporter_rights, tracking
from chalicelib.services.changes import REPORTER, Change, Recipient
from chalicelib.services.workflow import close_report, end_reporter_pause, refuse_transition, resume_verification
from chalicelib.store import reports

if TYPE_CHECKING:
    from chalicelib.schemas import Escalation, Feedback, Reply

_CHANGED_MEANWHILE = Text("Laporan baru saja berubah; muat ulang lalu coba lagi.",
                          "The report just changed; reload it and try again.")


def _begin(raw_tracking_id: str, access_token: str | None, action: Action) -> Change:
    report = tracking.reporters_report(raw_tracking_id, access_token)
    status = Status(report.status)
    if not lifecycle.can_transition(status, action):
        allowed = [a for a in lifecycle.allowed_actions(status)
                   if a in (Action.REPLY, Action.FEEDBACK, Action.ESCALATE)]
        raise refuse_transition(status, action, allowed)
    change = Change(report, datetime.now(timezone.utc), REPORTER)
    change.move_to(lifecycle.next_status(status, action))
    return change


def _finish(change: Change, action: Action) -> dict:
    try:
        changes.commit(change)
    except reports.VersionConflict:
        raise Conflict(_CHANGED_MEANWHILE, code="version_conflict") from None
    logger.info("reporter action", extra={"tracking_id": change.report.tracking_id, "action": action.value,
                                           "status": change.report.status})
    return tracking.reporter_view(change.report)


def _back_to_agency(change: Change) -> None:
    """The agency owes an answer again, within a fresh follow-up deadline."""
    report = change.report
    report.answer_pending = True
    change.set_deadlines(clocks.at_reporter_reply(change.now, report.time_zone, change.calendar,
                                                  change.deadlines))
    _tell_agency(change)


def _tell_agency(change: Change) -> None:
    change.notify(EventType.REPORTER_REPLIED, Recipient.AGENCY_ADMINS)
    if change.report.unit_id:
        change.notify(EventType.REPORTER_REPLIED, Recipient.UNIT_OFFICERS)


def reply(raw_tracking_id: str, access_token: str | None, body: Reply) -> dict:
    """The reporter answers: the agency's answer (it owes another), a hold (verification goes on) or
    the agency's question (its clocks run again, moved by the working days paused)."""
    change = _begin(raw_tracking_id, access_token, Action.REPLY)
    details = {}
    if change.status_before == Status.ON_HOLD:
        details["paused_working_days"] = resume_verification(change)
        change.notify(EventType.REPORTER_REPLIED, Recipient.AGENCY_ADMINS)
    elif change.status_before == Status.AWAITING_REPORTER:
        details["paused_working_days"] = end_reporter_pause(change, change.now)
        _tell_agency(change)
    else:
        _back_to_agency(change)
    # The reporter's words may identify them: only they and the staff see a reply.
    change.event(EventType.REPORTER_REPLIED, Visibility.REPORTER, message=body.message, details=details)
    return _finish(change, Action.REPLY)


def feedback(raw_tracking_id: str, access_token: str | None, body: Feedback) -> dict:
    change = _begin(raw_tracking_id, access_token, Action.FEEDBACK)
    report = change.report
    refusal = reporter_rights.feedback_refusal(report, change.status_before, change.now, body.resolved)
    if refusal is not None:
        raise refusal
    closed = change.status_before == Status.CLOSED
    report.feedback_resolved, report.feedback_rating, report.feedback_at = body.resolved, body.rating, change.now
    change.event(EventType.FEEDBACK, Visibility.REPORTER, message=body.comment,
                 details={"resolved": body.resolved, "rating": body.rating})
    change.count(statistics.event_metrics(EventType.FEEDBACK, rating=body.rating))
    if body.resolved:
        if not closed:
            close_report(change)
    else:
        report.reopened_count = int(report.reopened_count or 0) + 1
        report.closed_at = None
        change.move_to(lifecycle.REOPENED_STATUS)
        _back_to_agency(change)
        change.event(EventType.REOPENED, Visibility.PUBLIC)
        change.count(statistics.event_metrics(EventType.REOPENED))
    return _finish(change, Action.FEEDBACK)


def escalate(raw_tracking_id: str, access_token: str | None, body: Escalation) -> dict:
    change = _begin(raw_tracking_id, access_token, Action.ESCALATE)
    refusal = reporter_rights.escalation_refusal(change.report, change.now)
    if refusal is not None:
        raise refusal
    change.report.escalated_at = change.now
    change.event(EventType.ESCALATED, Visibility.PUBLIC, details={"reason": body.reason})
    change.count(statistics.event_metrics(EventType.ESCALATED))
    change.notify(EventType.ESCALATED, Recipient.NATIONAL_ADMINS)
    change.notify(EventType.ESCALATED, Recipient.AGENCY_ADMINS)
    change.notify(EventType.ESCALATED, Recipient.REPORTER)
    return _finish(change, Action.ESCALATE)
