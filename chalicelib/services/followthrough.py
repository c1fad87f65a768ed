"""Use cases of the reporter, with the access token: reply, give feedback, escalate.

"Not resolved" sends the report back to the agency (counted as reopened) and opens the
way to the Ombudsman; escalation is allowed only when DESIGN §2 allows it, and a
refusal says why.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chalicelib.domain import clocks, lifecycle, sla, statistics
from chalicelib.domain.calendar import local_date
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.reports import EventType, Status, Visibility
from chalicelib.errors import Conflict, FieldProblem
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.schemas import Escalation, Feedback, Reply
from chalicelib.services import changes, tracking
from chalicelib.services.changes import REPORTER, Change, Recipient, agency_deadline_of
from chalicelib.services.workflow import close_report, refuse_transition
from chalicelib.store import reports
from chalicelib.store.models import ReportModel

_CHANGED_MEANWHILE = Text("Laporan baru saja berubah; muat ulang lalu coba lagi.",
                          "The report just changed; reload it and try again.")


def _refused(code: str, message: Text) -> Conflict:
    return Conflict(message, [FieldProblem(None, code, message)], code=code)


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
    change.notify(EventType.REPORTER_REPLIED, Recipient.AGENCY_ADMINS)
    if report.unit_id:
        change.notify(EventType.REPORTER_REPLIED, Recipient.UNIT_OFFICERS)


def reply(raw_tracking_id: str, access_token: str | None, body: Reply) -> dict:
    change = _begin(raw_tracking_id, access_token, Action.REPLY)
    _back_to_agency(change)
    # The reporter's words may identify them: only they and the staff see a reply.
    change.event(EventType.REPORTER_REPLIED, Visibility.REPORTER, message=body.message)
    return _finish(change, Action.REPLY)


def _reopen_window_open(report: ReportModel, change: Change) -> bool:
    policy = sla.policy_in_force(local_date(report.closed_at, report.time_zone))
    last_day = change.calendar.add_working_days(local_date(report.closed_at, report.time_zone),
                                                policy.reopen_window_working_days)
    return local_date(change.now, report.time_zone) <= last_day


def feedback(raw_tracking_id: str, access_token: str | None, body: Feedback) -> dict:
    change = _begin(raw_tracking_id, access_token, Action.FEEDBACK)
    report = change.report
    if report.feedback_at is not None and report.answered_at is not None and report.feedback_at >= report.answered_at:
        raise _refused("feedback_already_given",
                       Text("Penilaian untuk jawaban ini sudah diberikan.",
                            "Feedback on this answer was already given."))
    closed = change.status_before == Status.CLOSED
    if closed and not body.resolved and not _reopen_window_open(report, change):
        raise _refused("reopen_window_passed",
                       Text("Batas waktu untuk membuka kembali laporan ini sudah lewat.",
                            "The time to reopen this report has passed."))
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


def escalation_refusal(report: ReportModel, now: datetime) -> Conflict | None:
    """Why the reporter may not go to the Ombudsman now (UU 37/2008 art. 24), or None."""
    if report.escalated_at is not None:
        return _refused("already_escalated", Text("Laporan ini sudah dilaporkan ke Ombudsman.",
                                                  "This report was already escalated to the Ombudsman."))
    policy = sla.policy_in_force(local_date(now, report.time_zone))
    matter_day = (datetime.fromisoformat(report.incident_date).date() if report.incident_date
                  else local_date(report.received_at, report.time_zone))
    if local_date(now, report.time_zone) - matter_day > timedelta(days=policy.escalation_max_age_days):
        return _refused("matter_too_old",
                        Text("Perkara yang lebih dari dua tahun tidak dapat dilaporkan ke Ombudsman.",
                             "Matters older than two years cannot be taken to the Ombudsman."))
    due = agency_deadline_of(report)
    overdue = due is not None and now > due
    if not overdue and report.feedback_resolved is not False:
        return _refused("agency_not_overdue",
                        Text("Instansi masih dalam batas waktu dan Anda belum menyatakan laporan belum "
                             "selesai; Anda dapat melapor ke Ombudsman bila tenggat terlewati.",
                             "The agency is within its deadline and you have not said it is unresolved; "
                             "you may escalate once a deadline is missed."))
    return None


def escalate(raw_tracking_id: str, access_token: str | None, body: Escalation) -> dict:
    change = _begin(raw_tracking_id, access_token, Action.ESCALATE)
    refusal = escalation_refusal(change.report, change.now)
    if refusal is not None:
        raise refusal
    change.report.escalated_at = change.now
    change.event(EventType.ESCALATED, Visibility.PUBLIC, details={"reason": body.reason})
    change.count(statistics.event_metrics(EventType.ESCALATED))
    change.notify(EventType.ESCALATED, Recipient.NATIONAL_ADMINS)
    change.notify(EventType.ESCALATED, Recipient.AGENCY_ADMINS)
    change.notify(EventType.ESCALATED, Recipient.REPORTER)
    return _finish(change, Action.ESCALATE)
