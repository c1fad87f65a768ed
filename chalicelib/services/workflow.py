"""Use cases of staff: read a case, and act on it (verify, hold, resume, archive, transfer,
assign, start, update, ask the reporter, respond, approve or return an officer's answer, close).

Every action is checked in the same order, after the route has checked the body's shape
(422): the report exists (404), it is within the caller's scope and the caller's role
may do this (403), the version is the one the caller read (409), the state machine
allows it now (409 naming what is allowed), the body's references are valid (422).
Then one transaction writes the report, its timeline event, counters and notifications.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from chalicelib.domain import attachments as attachment_rules
from chalicelib.domain import clocks, duties, lifecycle, permissions, statistics, views
from chalicelib.domain.calendar import local_date
from chalicelib.domain.clocks import Stage
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.permissions import Principal
from chalicelib.domain.reports import (
    ActorRole,
    EventType,
    Kind,
    Privacy,
    Status,
    Visibility,
)
from chalicelib.errors import (
    INVALID_REQUEST,
    Conflict,
    FieldProblem,
    Forbidden,
    NotFound,
    ValidationFailed,
    invalid,
)
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import changes, checks, duplicates
from chalicelib.services import routing as routing_service
from chalicelib.services.changes import Actor, Change, Recipient
from chalicelib.services.tracking import NOT_FOUND, agency_name, attachments_seen_by, canonical_tracking_id
from chalicelib.store import attachments as files
from chalicelib.store import reference, reports
from chalicelib.store import routing as routing_table
from chalicelib.store.concurrent import at_once
from chalicelib.store.models import AttachmentAttribute, DraftAnswerAttribute, ReportEventModel, ReportModel

if TYPE_CHECKING:
    from pydantic import BaseModel

    from chalicelib.schemas import (
        ApproveAction,
        ArchiveAction,
        AskReporterAction,
        AssignAction,
        CloseAction,
        HoldAction,
        RespondAction,
        ResumeAction,
        ReturnAction,
        StartAction,
        TransferAction,
        UpdateAction,
        VerifyAction,
    )

# Privacy may only be tightened by staff: loosening it would expose a reporter who asked not to be.
_PRIVACY_ORDER = [Privacy.PUBLIC.value, Privacy.ANONYMOUS.value, Privacy.CONFIDENTIAL.value]

_OUTSIDE_SCOPE = Text("Laporan ini di luar kewenangan akun Anda.", "This report is outside your account's scope.")
_ROLE_MAY_NOT = Text("Peran Anda tidak dapat melakukan tindakan ini.", "Your role may not take this action.")
_VERSION_CONFLICT = Text("Laporan sudah diubah oleh orang lain; muat ulang lalu coba lagi.",
                         "Someone else changed the report; reload it and try again.")


def actor_of(principal: Principal) -> Actor:
    return Actor(ActorRole(principal.role.value), principal.agency_id, principal.username)


def actions_for(principal: Principal, report: ReportModel) -> list[Action]:
    """The actions this person may take on this report now: state machine ∩ rights."""
    return [action for action in lifecycle.allowed_actions(Status(report.status))
            if action in lifecycle.STAFF_ACTIONS
            and permissions.can_act(principal, action, report.agency_id, report.unit_id, report.routed_watch)]


def report_in_scope(principal: Principal, raw_tracking_id: str) -> ReportModel:
    """The report if the caller may view it: 404 when there is none, 403 outside their scope."""
    report = reports.get_report(canonical_tracking_id(raw_tracking_id))
    if report is None:
        raise NotFound(NOT_FOUND)
    if not permissions.can_view(principal, report.agency_id, report.unit_id, report.routed_watch):
        raise Forbidden(_OUTSIDE_SCOPE)
    return report


def _needs_approval(principal: Principal, agency_id: str) -> bool:
    agency = reference.get_agency(agency_id)
    return permissions.answer_needs_approval(principal, bool(agency and agency.answers_need_approval))


def case_view(principal: Principal, report: ReportModel) -> dict:
    timeline, likely = at_once(lambda: reports.timeline(report.tracking_id),
                               lambda: duplicates.likely_for(principal, report))
    view = views.staff_view(report, agency_name(report.agency_id), timeline,
                            principal, actions_for(principal, report), attachments_seen_by(report, "staff"))
    view["likely_duplicates"] = likely
    # The console says "submit for approval" instead of "send" when the caller's answer waits for it.
    view["answer_needs_approval"] = _needs_approval(principal, report.agency_id)
    return view


def get_case(principal: Principal, raw_tracking_id: str) -> dict:
    return case_view(principal, report_in_scope(principal, raw_tracking_id))


def refuse_transition(status: Status, action: Action, allowed: list[Action]) -> Conflict:
    names = ", ".join(a.value for a in allowed) or "-"
    return Conflict(
        Text(f"Tindakan '{action.value}' tidak dapat dilakukan pada status '{status.value}'. "
             f"Yang dapat dilakukan sekarang: {names}.",
             f"'{action.value}' is not possible in status '{status.value}'. Allowed now: {names}."),
        [FieldProblem("action", "allowed_actions", Text(names, names))], code="invalid_transition")


def check_version(report: ReportModel, expected: int | None) -> None:
    """409 when the caller read another version than the report has now (None: not checked)."""
    if expected is not None and expected != report.version:
        raise Conflict(_VERSION_CONFLICT, [FieldProblem("expected_version", "version_conflict",
                                                        Text(f"Versi sekarang: {report.version}",
                                                             f"Current version: {report.version}"))],
                       code="version_conflict")


def commit(change: Change) -> None:
    """Write the change; someone else's change since it was read is a 409."""
    try:
        changes.commit(change)
    except reports.VersionConflict:
        raise Conflict(_VERSION_CONFLICT, code="version_conflict") from None


def perform(principal: Principal, raw_tracking_id: str, action: Action, body: BaseModel) -> dict:
    report = report_in_scope(principal, raw_tracking_id)
    if not permissions.can_act(principal, action, report.agency_id, report.unit_id, report.routed_watch):
        raise Forbidden(_ROLE_MAY_NOT)
    check_version(report, getattr(body, "expected_version", None))
    status = Status(report.status)
    if not lifecycle.can_transition(status, action):
        raise refuse_transition(status, action, actions_for(principal, report))
    change = Change(report, datetime.now(timezone.utc), actor_of(principal))
    change.move_to(lifecycle.next_status(status, action))
    if action == Action.DUPLICATE:
        duplicates.merge(change, body, principal)  # it needs to know whose scope the original must be in
    elif action == Action.RESPOND and _needs_approval(principal, report.agency_id):
        _submit_draft(change, body)
    else:
        _HANDLERS[action](change, body)
    commit(change)
    logger.info("report action", extra={"tracking_id": report.tracking_id, "action": action.value,
                                         "status": report.status, "agency_id": report.agency_id})
    return case_view(principal, report)


# --- handlers: the status has moved as the state machine says; each handler sets what else
# changes and records what happened --------------------------------------------------------


def _dispose_to(change: Change, agency) -> None:
    """Hand the report to ``agency`` with fresh follow-up clocks in its time zone."""
    report = change.report
    report.agency_id, report.time_zone = agency.agency_id, agency.time_zone
    report.disposed_at = change.now
    report.answer_pending = True
    change.set_deadlines(clocks.at_disposition(change.now, report.kind, report.complexity, agency.time_zone,
                                               change.calendar, change.deadlines))
    change.count(statistics.disposition_metrics(report.topic))


def _verify(change: Change, body: VerifyAction) -> None:
    report = change.report
    agency = checks.agency_with_authority(body.agency_id, report.region_code)
    if body.unit_id:
        checks.existing_unit(agency.agency_id, body.unit_id)
    if body.topic:
        checks.existing_topic(body.topic)
    if body.complexity and report.kind != Kind.COMPLAINT.value:
        raise invalid("complexity", "complexity_for_complaints",
                      Text("Kompleksitas hanya untuk pengaduan.", "Complexity applies to complaints only."))
    if body.privacy and _PRIVACY_ORDER.index(body.privacy) < _PRIVACY_ORDER.index(report.privacy):
        raise invalid("privacy", "privacy_loosened",
                      Text("Kerahasiaan pelapor tidak boleh dilonggarkan.",
                           "A reporter's privacy may be tightened, never loosened."))
    on_time = change.now <= change.deadlines.verification_due
    verifying_agency = report.agency_id
    read = report.suggestion
    if read is not None and read.routed and agency.agency_id != verifying_agency:
        # The system sent it to the wrong place: a miss of the routing table for that region and topic.
        change.updates.append(routing_table.miss_update(routing_service.month_of(change.now), report.region_code,
                                                        read.topic_id, "reroutes", change.now))
    change.count(statistics.event_metrics(EventType.VERIFIED, within_deadline=on_time),
                 agency_id=verifying_agency)
    report.verified_at = change.now
    report.topic = body.topic or report.topic
    report.privacy = body.privacy or report.privacy
    if report.kind == Kind.COMPLAINT.value:
        report.complexity = body.complexity or "simple"
    report.unit_id = body.unit_id
    _dispose_to(change, agency)
    change.event(EventType.VERIFIED, Visibility.PUBLIC, note=body.note,
                 details={"agency_id": agency.agency_id, "unit_id": body.unit_id, "topic": report.topic,
                          "complexity": report.complexity, "from_agency_id": verifying_agency})
    change.notify(EventType.VERIFIED, Recipient.REPORTER)
    change.notify(EventType.VERIFIED, Recipient.AGENCY_ADMINS)
    if report.unit_id:
        change.notify(EventType.ASSIGNED, Recipient.UNIT_OFFICERS)


def _hold(change: Change, body: HoldAction) -> None:
    change.report.paused_at = change.now
    change.event(EventType.HELD, Visibility.REPORTER, message=body.message, note=body.note)
    change.notify(EventType.HELD, Recipient.REPORTER)


def resume_verification(change: Change) -> int:
    """End a hold: the verification deadline moves later by the working days paused (returned)."""
    report = change.report
    paused = clocks.paused_working_days(report.paused_at, change.now, report.time_zone, change.calendar)
    deadlines = change.deadlines
    moved = clocks.extended(deadlines.verification_due, paused, report.time_zone, change.calendar)
    change.set_deadlines(replace(deadlines, verification_due=moved))
    report.duties_done = sorted(duties.carried_over(changes.done_keys_of(report), Stage.VERIFICATION,
                                                    deadlines.verification_due, moved, change.now))
    report.paused_at = None
    return paused


def end_reporter_pause(change: Change, until: datetime) -> int:
    """End a wait for the reporter at ``until``: the agency's running deadlines move later by the
    working days paused (returned)."""
    report = change.report
    paused = clocks.paused_working_days(report.paused_at, until, report.time_zone, change.calendar)
    before = change.deadlines
    after = clocks.after_reporter_pause(paused, bool(report.answer_pending), report.time_zone, change.calendar,
                                        before)
    change.set_deadlines(after)
    done = changes.done_keys_of(report)
    for stage, old, new in ((Stage.FIRST_RESPONSE, before.first_response_due, after.first_response_due),
                            (Stage.COMPLETION, before.completion_due, after.completion_due)):
        if old and new and old != new:
            done = duties.carried_over(done, stage, old, new, change.now)
    report.duties_done = sorted(done)
    report.paused_at = None
    return paused


def _resume(change: Change, body: ResumeAction) -> None:
    """End a hold (verification goes on), or withdraw a question to the reporter (handling goes on)."""
    if change.status_before == Status.AWAITING_REPORTER:
        paused = end_reporter_pause(change, change.now)
    else:
        paused = resume_verification(change)
    change.event(EventType.RESUMED, Visibility.PUBLIC, note=body.note,
                 details={"paused_working_days": paused})


def _archive(change: Change, body: ArchiveAction) -> None:
    report = change.report
    report.archive_reason = body.reason
    report.paused_at = None
    change.event(EventType.ARCHIVED, Visibility.PUBLIC, message=body.message, note=body.note,
                 details={"archive_reason": body.reason})
    change.count(statistics.event_metrics(EventType.ARCHIVED))
    change.notify(EventType.ARCHIVED, Recipient.REPORTER)


def _transfer(change: Change, body: TransferAction) -> None:
    report = change.report
    if body.agency_id == report.agency_id:
        raise invalid("agency_id", "same_agency",
                      Text("Pilih instansi lain.", "Choose another agency."))
    agency = checks.agency_with_authority(body.agency_id, report.region_code)
    from_agency = report.agency_id
    change.count(statistics.event_metrics(EventType.TRANSFERRED), agency_id=from_agency)
    missed_topic = report.topic or (report.suggestion.topic_id if report.suggestion else None)
    if missed_topic:
        change.updates.append(routing_table.miss_update(routing_service.month_of(change.now), report.region_code,
                                                        missed_topic, "transfers", change.now))
    report.unit_id = None
    _dispose_to(change, agency)
    change.event(EventType.TRANSFERRED, Visibility.PUBLIC, note=body.note,
                 details={"from_agency_id": from_agency, "to_agency_id": agency.agency_id,
                          "reason": body.reason})
    change.notify(EventType.TRANSFERRED, Recipient.REPORTER)
    change.notify(EventType.TRANSFERRED, Recipient.AGENCY_ADMINS)


def _assign(change: Change, body: AssignAction) -> None:
    report = change.report
    checks.existing_unit(report.agency_id, body.unit_id)
    report.unit_id = body.unit_id
    change.event(EventType.ASSIGNED, Visibility.INTERNAL, note=body.note, details={"unit_id": body.unit_id})
    change.notify(EventType.ASSIGNED, Recipient.UNIT_OFFICERS)


def _start(change: Change, body: StartAction) -> None:
    change.event(EventType.STARTED, Visibility.PUBLIC, note=body.note)


def _count_answer(change: Change, event_type: EventType) -> None:
    """Count a public update or a final answer; the first of them is the first follow-up,
    measured against its deadline and in working days from disposition."""
    report = change.report
    if report.first_answered_at is None:
        working_days = change.calendar.working_days_between(
            local_date(report.disposed_at, report.time_zone), local_date(change.now, report.time_zone))
        change.count(statistics.event_metrics(event_type,
                                              within_deadline=change.now <= change.deadlines.first_response_due,
                                              first_answer_working_days=working_days))
        report.first_answered_at = change.now
    else:
        change.count(statistics.event_metrics(event_type))


_CHOICE_PROBLEMS = {
    "unknown_attachment": Text("Lampiran {id} bukan lampiran petugas pada laporan ini.",
                               "Attachment {id} is not a staff attachment of this report."),
    "attachment_repeated": Text("Lampiran {id} dipilih lebih dari sekali.", "Attachment {id} is chosen twice."),
    "attachment_already_shown": Text("Lampiran {id} sudah ditampilkan bersama kabar atau jawaban lain.",
                                     "Attachment {id} is already shown with another update or answer."),
    "attachment_not_uploaded": Text("Berkas lampiran {id} belum selesai diunggah.",
                                    "The file of attachment {id} has not been uploaded yet."),
}


def _chosen_files(change: Change, attachment_ids: list[str]) -> list[AttachmentAttribute]:
    """The staff files to show with an update or answer; a 422 naming each that cannot be."""
    if not attachment_ids:
        return []
    report = change.report
    recorded = list(report.attachments or [])
    problems = attachment_rules.choice_problems(recorded, attachment_ids, files.uploaded_sizes(report.tracking_id))
    if problems:
        raise ValidationFailed(INVALID_REQUEST, [
            FieldProblem(f"attachment_ids.{position}", code,
                         Text(_CHOICE_PROBLEMS[code].id.format(id=attachment_ids[position]),
                              _CHOICE_PROBLEMS[code].en.format(id=attachment_ids[position])))
            for position, code in problems])
    by_id = {attachment.attachment_id: attachment for attachment in recorded}
    return [by_id[attachment_id] for attachment_id in attachment_ids]


def _show_files(event: ReportEventModel, shown: list[AttachmentAttribute]) -> None:
    """The files belong to this event from now on: whoever may read it sees them."""
    for attachment in shown:
        attachment.event_key, attachment.event_visibility = event.event_key, event.visibility


def _files_details(shown: list[AttachmentAttribute]) -> dict:
    return {"attachment_ids": [attachment.attachment_id for attachment in shown] or None}


def _update(change: Change, body: UpdateAction) -> None:
    """A progress update. The case stays with the agency and its completion clock keeps running."""
    report = change.report
    shown = _chosen_files(change, body.attachment_ids)
    if not body.public:
        change.move_to(change.status_before)  # an internal note moves nothing
        _show_files(change.event(EventType.UPDATED, Visibility.INTERNAL, message=body.message, note=body.note,
                                 details=_files_details(shown)), shown)
        return
    _count_answer(change, EventType.UPDATED)
    # A reporter who replied to the final answer is owed a new final answer: an update tells them
    # how it goes but does not meet that deadline.
    if changes.clock_status(report) != Status.REPORTER_REPLIED:
        report.answer_pending = False
    _show_files(change.event(EventType.UPDATED, Visibility.PUBLIC, message=body.message, note=body.note,
                             details=_files_details(shown)), shown)
    change.notify(EventType.UPDATED, Recipient.REPORTER)


def _ask_reporter(change: Change, body: AskReporterAction) -> None:
    """Ask the reporter for missing information: the agency's clocks pause until they answer (a reply),
    staff withdraw the question (resume), or the policy's limit passes (the auto-close job)."""
    report = change.report
    report.paused_at = change.now
    change.set_deadlines(clocks.at_question_to_reporter(change.now, report.time_zone, change.calendar,
                                                        change.deadlines))
    # The reporter's answer may identify them: the question and its answer stay with them and staff.
    change.event(EventType.INFO_REQUESTED, Visibility.REPORTER, message=body.message, note=body.note)
    change.notify(EventType.INFO_REQUESTED, Recipient.REPORTER,
                  details={"deadline": change.deadlines.reporter_answer_due.isoformat()})


def _publish_answer(change: Change, message: str, public: bool, note: str | None, attachment_ids: list[str],
                    details: dict | None = None) -> None:
    """The final answer reaches the reporter with its files: it meets the completion deadline (and the
    first follow-up, if nothing did yet) and starts the reporter's auto-close clock. Counted now, when
    it is published."""
    report = change.report
    shown = _chosen_files(change, attachment_ids)
    _count_answer(change, EventType.RESPONDED)
    report.answered_at = change.now
    report.answer_pending = False
    change.set_deadlines(clocks.at_answer(change.now, report.time_zone, change.calendar, change.deadlines))
    _show_files(change.event(EventType.RESPONDED, Visibility.PUBLIC if public else Visibility.REPORTER,
                             message=message, note=note, details={**(details or {}), **_files_details(shown)}),
                shown)
    change.notify(EventType.RESPONDED, Recipient.REPORTER)


def _respond(change: Change, body: RespondAction) -> None:
    _publish_answer(change, body.message, body.public, body.note, body.attachment_ids)


def _submit_draft(change: Change, body: RespondAction) -> None:
    """A unit officer's final answer where the agency approves answers: it waits for an agency admin,
    seen by staff only; the clocks keep running."""
    report = change.report
    shown = _chosen_files(change, body.attachment_ids)  # refused now, not when the admin approves
    change.move_to(lifecycle.DRAFTED_ANSWER_STATUS)
    report.draft_answer = DraftAnswerAttribute(message=body.message, public=body.public,
                                               attachment_ids=[attachment.attachment_id for attachment in shown],
                                               drafted_by=change.actor.username, drafted_at=change.now,
                                               from_status=change.status_before.value)
    change.event(EventType.ANSWER_DRAFTED, Visibility.INTERNAL, message=body.message, note=body.note,
                 details={"public": body.public})
    change.notify(EventType.ANSWER_DRAFTED, Recipient.AGENCY_ADMINS)


def _approve(change: Change, body: ApproveAction) -> None:
    """Publish the officer's draft, as written or as the admin edited it."""
    draft = change.report.draft_answer
    change.report.draft_answer = None
    message = body.message or draft.message
    _publish_answer(change, message, draft.public if body.public is None else body.public, body.note,
                    list(draft.attachment_ids or []), details={"drafted_by": draft.drafted_by, "edited": message != draft.message})


def _return(change: Change, body: ReturnAction) -> None:
    """Send the draft back to where it came from, with the admin's note to the officer."""
    report = change.report
    draft = report.draft_answer
    change.move_to(Status(draft.from_status))
    report.draft_answer = None
    change.event(EventType.ANSWER_RETURNED, Visibility.INTERNAL, message=body.message, note=body.note,
                 details={"drafted_by": draft.drafted_by})
    change.notify(EventType.ANSWER_RETURNED, Recipient.UNIT_OFFICERS)


def close_report(change: Change, *, message: str | None = None, note: str | None = None,
                 event_type: EventType = EventType.CLOSED) -> None:
    """Record the closing after an answer (by staff, the reporter's "resolved", or auto-close);
    the caller has already moved the status as the state machine says."""
    report = change.report
    completion_due = change.deadlines.completion_due
    on_time = bool(report.answered_at and completion_due and report.answered_at <= completion_due)
    report.closed_at = change.now
    report.answer_pending = False
    change.event(event_type, Visibility.PUBLIC, message=message, note=note)
    change.count(statistics.event_metrics(event_type, within_deadline=on_time))
    change.notify(EventType.CLOSED, Recipient.REPORTER)


def _close(change: Change, body: CloseAction) -> None:
    close_report(change, message=body.message, note=body.note)


_HANDLERS: dict[Action, Callable[[Change, BaseModel], None]] = {
    Action.VERIFY: _verify, Action.HOLD: _hold, Action.RESUME: _resume, Action.ARCHIVE: _archive,
    Action.TRANSFER: _transfer, Action.ASSIGN: _assign, Action.START: _start, Action.UPDATE: _update,
    Action.ASK_REPORTER: _ask_reporter, Action.APPROVE: _approve, Action.RETURN: _return,
    Action.RESPOND: _respond,
    Action.CLOSE: _close,
}
