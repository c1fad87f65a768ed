"""The state machine of a report (DESIGN §2): which action moves which status where.

One table, ``TRANSITIONS``, is the only place the allowed moves are written down; the
services ask it, the console shows what it answers, and a refused move names what is
allowed instead.
"""
from __future__ import annotations

from enum import Enum

from chalicelib.domain.reports import Status
from chalicelib.i18n import Text


class Action(str, Enum):
    # staff
    VERIFY = "verify"
    HOLD = "hold"
    RESUME = "resume"
    ARCHIVE = "archive"
    TRANSFER = "transfer"
    ASSIGN = "assign"
    START = "start"
    UPDATE = "update"  # a progress update: keeps the case open
    ASK_REPORTER = "ask_reporter"  # ask for missing information: the agency's clocks pause
    RESPOND = "respond"  # the final answer (a unit officer's waits for approval where the agency wants it)
    APPROVE = "approve"  # the agency admin publishes an officer's final answer
    RETURN = "return"  # the agency admin sends it back with a note
    CLOSE = "close"
    DUPLICATE = "duplicate"  # merge into another report about the same matter
    # reporter (with the access token)
    REPLY = "reply"
    FEEDBACK = "feedback"
    ESCALATE = "escalate"
    # the system (scheduled jobs)
    AUTO_CLOSE = "auto_close"
    REPORTER_SILENT = "reporter_silent"  # the reporter did not answer in time: the clocks run again


STAFF_ACTIONS = (Action.VERIFY, Action.HOLD, Action.RESUME, Action.ARCHIVE, Action.TRANSFER,
                 Action.ASSIGN, Action.START, Action.UPDATE, Action.ASK_REPORTER, Action.RESPOND, Action.APPROVE,
                 Action.RETURN, Action.CLOSE, Action.DUPLICATE)

# Statuses in which the agency holds the report and its follow-up clocks run (or are paused).
WITH_AGENCY = (Status.DISPOSITIONED, Status.IN_PROGRESS, Status.AWAITING_REPORTER, Status.REPORTER_REPLIED)

# status -> action -> status after it. Feedback and escalation are decided by their own
# rules (resolved or not, overdue or not) and listed here only where they may happen at all.
TRANSITIONS: dict[Status, dict[Action, Status]] = {
    Status.SUBMITTED: {Action.VERIFY: Status.DISPOSITIONED, Action.HOLD: Status.ON_HOLD,
                       Action.ARCHIVE: Status.ARCHIVED, Action.DUPLICATE: Status.DUPLICATE,
                       Action.ESCALATE: Status.SUBMITTED},
    # The reporter's answer (a reply) resumes verification as staff resuming it would.
    Status.ON_HOLD: {Action.RESUME: Status.SUBMITTED, Action.REPLY: Status.SUBMITTED, Action.ARCHIVE: Status.ARCHIVED,
                     Action.DUPLICATE: Status.DUPLICATE, Action.ESCALATE: Status.ON_HOLD},
    Status.ARCHIVED: {},
    # A public update moves a dispositioned report to in progress; an internal one leaves the status
    # as it was (services/workflow.py), the only move the body decides.
    Status.DISPOSITIONED: {Action.ASSIGN: Status.DISPOSITIONED, Action.START: Status.IN_PROGRESS,
                           Action.UPDATE: Status.IN_PROGRESS, Action.ASK_REPORTER: Status.AWAITING_REPORTER,
                           Action.TRANSFER: Status.DISPOSITIONED, Action.ESCALATE: Status.DISPOSITIONED,
                           Action.DUPLICATE: Status.DUPLICATE},
    Status.IN_PROGRESS: {Action.ASSIGN: Status.IN_PROGRESS, Action.UPDATE: Status.IN_PROGRESS,
                         Action.ASK_REPORTER: Status.AWAITING_REPORTER,
                         Action.RESPOND: Status.RESPONDED,
                         Action.TRANSFER: Status.DISPOSITIONED, Action.ESCALATE: Status.IN_PROGRESS,
                         Action.DUPLICATE: Status.DUPLICATE},
    # The clocks are paused until the reporter answers, staff withdraw the question, or the limit passes.
    Status.AWAITING_REPORTER: {Action.REPLY: Status.IN_PROGRESS, Action.RESUME: Status.IN_PROGRESS,
                               Action.REPORTER_SILENT: Status.IN_PROGRESS, Action.ASSIGN: Status.AWAITING_REPORTER,
                               Action.ESCALATE: Status.AWAITING_REPORTER, Action.DUPLICATE: Status.DUPLICATE},
    # The clocks keep running. A returned draft goes back to where it came from (in progress, or the
    # reporter's reply), the other move the report itself decides (services/workflow.py).
    Status.AWAITING_APPROVAL: {Action.APPROVE: Status.RESPONDED, Action.RETURN: Status.IN_PROGRESS,
                               Action.UPDATE: Status.AWAITING_APPROVAL, Action.ASSIGN: Status.AWAITING_APPROVAL,
                               Action.ESCALATE: Status.AWAITING_APPROVAL, Action.DUPLICATE: Status.DUPLICATE},
    Status.RESPONDED: {Action.REPLY: Status.REPORTER_REPLIED, Action.FEEDBACK: Status.CLOSED,
                       Action.CLOSE: Status.CLOSED, Action.ESCALATE: Status.RESPONDED,
                       Action.AUTO_CLOSE: Status.CLOSED, Action.DUPLICATE: Status.DUPLICATE},
    # The reporter is waiting for an answer: the agency answers (or transfers), it does not close.
    Status.REPORTER_REPLIED: {Action.ASSIGN: Status.REPORTER_REPLIED, Action.UPDATE: Status.REPORTER_REPLIED,
                              Action.RESPOND: Status.RESPONDED,
                              Action.TRANSFER: Status.DISPOSITIONED, Action.ESCALATE: Status.REPORTER_REPLIED,
                              Action.DUPLICATE: Status.DUPLICATE},
    # A closed report may still be rated, or reopened by the reporter within the window.
    Status.CLOSED: {Action.FEEDBACK: Status.CLOSED, Action.ESCALATE: Status.CLOSED},
    # Merged into another report: its reporter follows that one; nothing more happens here.
    Status.DUPLICATE: {},
}

# Where a final answer goes when it needs approval first (permissions.answer_needs_approval).
DRAFTED_ANSWER_STATUS = Status.AWAITING_APPROVAL

# Feedback "not resolved" sends the report back to the agency to answer again.
REOPENED_STATUS = Status.REPORTER_REPLIED


def allowed_actions(status: Status) -> list[Action]:
    return list(TRANSITIONS[status])


def can_transition(status: Status, action: Action) -> bool:
    return action in TRANSITIONS[status]


def next_status(status: Status, action: Action) -> Status:
    return TRANSITIONS[status][action]


ACTION_LABELS = {
    Action.VERIFY: Text("Verifikasi dan disposisi", "Verify and route"),
    Action.HOLD: Text("Tunda", "Put on hold"),
    Action.RESUME: Text("Lanjutkan", "Resume"),
    Action.ARCHIVE: Text("Arsipkan", "Archive"),
    Action.TRANSFER: Text("Alihkan (Bukan Wewenang)", "Transfer (not our authority)"),
    Action.ASSIGN: Text("Tugaskan ke unit kerja", "Assign to a unit"),
    Action.START: Text("Mulai proses", "Start work"),
    Action.UPDATE: Text("Kirim perkembangan", "Post a progress update"),
    Action.ASK_REPORTER: Text("Minta keterangan pelapor", "Ask the reporter for information"),
    Action.RESPOND: Text("Kirim jawaban akhir", "Post the final answer"),
    Action.APPROVE: Text("Setujui dan kirim jawaban", "Approve and send the answer"),
    Action.RETURN: Text("Kembalikan untuk diperbaiki", "Return for changes"),
    Action.CLOSE: Text("Selesaikan", "Close"),
    Action.DUPLICATE: Text("Tandai duplikat", "Mark as duplicate"),
    Action.REPLY: Text("Tanggapi", "Reply"),
    Action.FEEDBACK: Text("Beri penilaian", "Give feedback"),
    Action.ESCALATE: Text("Laporkan ke Ombudsman", "Escalate to the Ombudsman"),
    Action.AUTO_CLOSE: Text("Tutup otomatis", "Close automatically"),
    Action.REPORTER_SILENT: Text("Lanjutkan tanpa keterangan pelapor", "Go on without the reporter's answer"),
}
