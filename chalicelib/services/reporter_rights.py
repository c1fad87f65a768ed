"""What the holder of a report's access token may do now, and why not: one place for the rules
the reporter's actions enforce and the tracking page offers."""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.domain import attachments as attachment_rules
from chalicelib.domain import lifecycle, sla
from chalicelib.domain.calendar import local_date
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.reports import Status
from chalicelib.errors import Conflict, FieldProblem
from chalicelib.i18n import Text
from chalicelib.services.changes import agency_deadline_of, calendar_around
from chalicelib.store.models import ReportModel

# The reporter's own actions, and adding a file, in the order the tracking page offers them.
REPORTER_ACTIONS = (Action.REPLY, Action.FEEDBACK, Action.ESCALATE)
ATTACH = "attach"


def refused(code: str, message: Text) -> Conflict:
    return Conflict(message, [FieldProblem(None, code, message)], code=code)


def _reopen_window_open(report: ReportModel, now: datetime) -> bool:
    closed_day = local_date(report.closed_at, report.time_zone)
    policy = sla.policy_in_force(closed_day)
    last_day = calendar_around(now).add_working_days(closed_day, policy.reopen_window_working_days)
    return local_date(now, report.time_zone) <= last_day


def feedback_refusal(report: ReportModel, status: Status, now: datetime, resolved: bool) -> Conflict | None:
    """Why this feedback may not be given on a report in ``status`` now (once per answer;
    reopening a closed report only within the window)."""
    if report.feedback_at is not None and report.answered_at is not None and report.feedback_at >= report.answered_at:
        return refused("feedback_already_given", Text("Penilaian untuk jawaban ini sudah diberikan.",
                                                      "Feedback on this answer was already given."))
    if status == Status.CLOSED and not resolved and not _reopen_window_open(report, now):
        return refused("reopen_window_passed", Text("Batas waktu untuk membuka kembali laporan ini sudah lewat.",
                                                    "The time to reopen this report has passed."))
    return None


def escalation_refusal(report: ReportModel, now: datetime) -> Conflict | None:
    """Why the reporter may not go to the Ombudsman now (UU 37/2008 art. 24), or None."""
    if report.escalated_at is not None:
        return refused("already_escalated", Text("Laporan ini sudah dilaporkan ke Ombudsman.",
                                                 "This report was already escalated to the Ombudsman."))
    policy = sla.policy_in_force(local_date(now, report.time_zone))
    matter_day = (datetime.fromisoformat(report.incident_date).date() if report.incident_date
                  else local_date(report.received_at, report.time_zone))
    if local_date(now, report.time_zone) - matter_day > timedelta(days=policy.escalation_max_age_days):
        return refused("matter_too_old",
                       Text("Perkara yang lebih dari dua tahun tidak dapat dilaporkan ke Ombudsman.",
                            "Matters older than two years cannot be taken to the Ombudsman."))
    due = agency_deadline_of(report)
    # Any deadline the agency missed opens the way, verification included, even one it has met since.
    missed = bool(report.breaches) or (due is not None and now > due)
    if not missed and report.feedback_resolved is not False:
        return refused("agency_not_overdue",
                       Text("Instansi belum melewati batas waktunya dan Anda belum menyatakan laporan belum "
                            "selesai; Anda dapat melapor ke Ombudsman bila tenggat terlewati.",
                            "The agency has not missed a deadline and you have not said it is unresolved; "
                            "you may escalate once a deadline is missed."))
    return None


def available(report: ReportModel, now: datetime) -> list[str]:
    """The actions the tracking page offers: those the reporter would not be refused now."""
    status = Status(report.status)
    offered = []
    for action in REPORTER_ACTIONS:
        if not lifecycle.can_transition(status, action):
            continue
        if action == Action.FEEDBACK and all(feedback_refusal(report, status, now, resolved) is not None
                                             for resolved in (True, False)):
            continue
        if action == Action.ESCALATE and escalation_refusal(report, now) is not None:
            continue
        offered.append(action.value)
    if attachment_rules.refusal(status, report.attachments or [], attachment_rules.REPORTER) is None:
        offered.append(ATTACH)
    return offered
