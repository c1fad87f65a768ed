"""What each audience may see of a report: the one place privacy rules are applied.

Audiences: the public (anyone with the tracking id), the reporter (whoever holds the
access token), and staff (agency staff, national admins, oversight viewers, told apart
by ``permissions.sees_identity``).

- A confidential report has no public view.
- The public never sees who reported, except the name of a public reporter; never
  contacts; only public timeline events.
- The reporter sees public and reporter events, never internal notes or staff names.
- Staff see every event; an anonymous reporter's identity never reaches them.
- Attachments: as domain/attachments.seen_by says. The reporter's files are listed with the
  report, staff files with the update or answer they were posted with.
- Steps of the agency's own procedure (a final answer awaiting approval) look from outside like
  the work they are part of.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain import attachments as attachment_rules
from chalicelib.domain import phones
from chalicelib.domain.lifecycle import ACTION_LABELS, Action
from chalicelib.domain.permissions import Principal, sees_identity
from chalicelib.domain.reports import EVENT_LABELS, STATUS_LABELS, EventType, Privacy, Status, Visibility
from chalicelib.i18n import Text

DEADLINE_NAMES = ("verification_due", "first_response_due", "completion_due", "auto_close_due", "reporter_answer_due")
# Event details a reporter and the public may read; the rest (reasons, notes) stays with staff.
_OPEN_DETAILS = ("channel", "agency_id", "from_agency_id", "to_agency_id", "archive_reason",
                 "resolved", "rating", "stage", "deadline", "deadlines",
                 "attachment_id", "filename", "content_type", "merged_into")
_SEEN_BY = {
    "public": {Visibility.PUBLIC.value},
    "reporter": {Visibility.PUBLIC.value, Visibility.REPORTER.value},
    "staff": {Visibility.PUBLIC.value, Visibility.REPORTER.value, Visibility.INTERNAL.value},
}


def _label(text) -> dict:
    return {"id": text.id, "en": text.en}


label_of = _label

# What an internal status looks like to the reporter and the public: an answer waiting for the
# agency admin's approval is, for them, work in progress (the draft is not theirs to know of yet).
_SEEN_FROM_OUTSIDE = {Status.AWAITING_APPROVAL: Status.IN_PROGRESS}


def shown_status(status: str | None, audience: str) -> str | None:
    """The status code an audience sees: staff the real one, everyone else the outward one."""
    if status is None or audience == "staff":
        return status
    return _SEEN_FROM_OUTSIDE.get(Status(status), Status(status)).value


def status_fields(status: str, audience: str) -> dict:
    """``status`` and its ``status_label`` as ``audience`` sees them."""
    shown = shown_status(status, audience)
    return {"status": shown, "status_label": _label(STATUS_LABELS[Status(shown)])}


def local_iso(instant: datetime | None, time_zone: str) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(ZoneInfo(time_zone)).isoformat(timespec="seconds")


def _deadlines(report) -> dict:
    stored = report.deadlines.as_dict() if report.deadlines else {}
    return {name: stored.get(name) for name in DEADLINE_NAMES}


def _timeline_entry(event, time_zone: str, audience: str, files_by_event: dict[str, list[dict]]) -> dict:
    event_type = EventType(event.event_type)
    details = event.details.as_dict() if event.details else {}
    entry = {
        "event_type": event_type.value,
        "label": _label(EVENT_LABELS[event_type]),
        "at": local_iso(event.at, time_zone),
        "actor_role": event.actor_role,
        "actor_agency_id": event.actor_agency_id,
        "status_to": shown_status(event.status_to, audience),
        "message": event.message,
        "attachments": files_by_event.get(event.event_key, []),
    }
    if audience == "staff":
        entry.update(visibility=event.visibility, actor_username=event.actor_username,
                     status_from=event.status_from, details=details)
    else:
        entry["details"] = {key: value for key, value in details.items() if key in _OPEN_DETAILS}
    return entry


def timeline(events, time_zone: str, audience: str, files_by_event: dict[str, list[dict]] | None = None) -> list[dict]:
    """``files_by_event``: the attachment entries shown with each event, by event key."""
    return [_timeline_entry(event, time_zone, audience, files_by_event or {}) for event in events
            if event.visibility in _SEEN_BY[audience]]


# Reports of this privacy are never shown to the public, not even as existing.
NEVER_PUBLIC = Privacy.CONFIDENTIAL


def is_publicly_visible(report) -> bool:
    return report.privacy != NEVER_PUBLIC.value


def _common(report, agency_name: str, events, view: str, files) -> dict:
    """``files``: (attachment, download link) pairs of the arrived files; only those the view may see are shown."""
    reporters_files, files_by_event = _attachments(report, view, files)
    location = report.location.as_dict() if report.location else None
    return {
        "view": view,
        "tracking_id": report.tracking_id,
        "kind": report.kind,
        "privacy": report.privacy,
        **status_fields(report.status, view),
        "title": report.title,
        "description": report.description,
        "region_code": report.region_code,
        "topic": report.topic,
        "agency": {"agency_id": report.agency_id, "name": agency_name},
        "location": location,
        "incident_date": report.incident_date,
        "received_at": local_iso(report.received_at, report.time_zone),
        "deadlines": _deadlines(report),
        # On hold the verification clock is paused, waiting for the reporter the follow-up clocks are.
        "paused_at": local_iso(report.paused_at, report.time_zone),
        # Whether the agency still owes its first follow-up (or an answer to the reporter's reply).
        "answer_pending": bool(report.answer_pending),
        "escalated_at": local_iso(report.escalated_at, report.time_zone),
        # People who reported this matter: the reporter and those of the reports merged into it.
        "reporters": int(report.reporters or 1),
        "timeline": timeline(events, report.time_zone, view, files_by_event),
        "attachments": reporters_files,
    }


def attachment_entry(attachment, report, url: str, audience: str) -> dict:
    """One uploaded attachment, with its short-lived download link; for staff, who added it and
    whether the public sees it."""
    time_zone = report.time_zone
    entry = {"attachment_id": attachment.attachment_id, "filename": attachment.filename,
             "content_type": attachment.content_type, "size": int(attachment.size),
             "added_at": local_iso(attachment.added_at, time_zone), "url": url}
    if audience == "staff":
        entry.update(added_by_role=attachment.added_by_role or attachment_rules.REPORTER,
                     added_by=attachment.added_by,
                     public=attachment_rules.seen_by("public", report.privacy, attachment),
                     hidden_at=local_iso(attachment.hidden_at, time_zone), hidden_reason=attachment.hidden_reason)
    return entry


def _attachments(report, view: str, files) -> tuple[list[dict], dict[str, list[dict]]]:
    """The reporter's files, and staff files by the event they were shown with, that ``view`` may see."""
    reporters_files, by_event = [], {}
    for attachment, url in files or []:
        if not attachment_rules.seen_by(view, report.privacy, attachment):
            continue
        entry = attachment_entry(attachment, report, url, view)
        if attachment_rules.added_by(attachment) == attachment_rules.REPORTER:
            reporters_files.append(entry)
        elif attachment.event_key:
            by_event.setdefault(attachment.event_key, []).append(entry)
    return reporters_files, by_event


def public_view(report, agency_name: str, events, files=None) -> dict:
    if not is_publicly_visible(report):
        raise ValueError("a confidential report has no public view")
    view = _common(report, agency_name, events, "public", files)
    name = report.reporter.name if report.reporter else None
    view["reporter"] = ({"name": name} if report.privacy == Privacy.PUBLIC.value and name else None)
    return view


def reporter_view(report, agency_name: str, events, files=None) -> dict:
    view = _common(report, agency_name, events, "reporter", files)
    view["reporter"] = report.reporter.as_dict() if report.reporter else None
    view["feedback"] = _feedback(report, events)
    return view


def _feedback(report, events) -> dict | None:
    """The reporter's latest feedback; its comment is the message of its timeline event."""
    if report.feedback_at is None:
        return None
    given = [event for event in events if event.event_type == EventType.FEEDBACK.value]
    comment = max(given, key=lambda event: event.at).message if given else None
    return {"resolved": report.feedback_resolved, "rating": report.feedback_rating, "comment": comment,
            "at": local_iso(report.feedback_at, report.time_zone)}


def _reporter_for_staff(report, principal: Principal) -> dict:
    reporter = report.reporter.as_dict() if report.reporter else {}
    if sees_identity(principal, report.privacy):
        return {"identity_hidden": False, **{key: reporter.get(key) for key in ("name", "email", "phone")}}
    # Staff may still need to know whether the reporter can be reached through the system.
    return {"identity_hidden": True, "name": None, "email": None, "phone": None,
            "contactable": bool(reporter.get("email") or reporter.get("phone"))}


def staff_view(report, agency_name: str, events, principal: Principal, actions: list[Action],
               files=None) -> dict:
    """``GET /admin/reports/{tracking_id}``: the whole case, less what the caller may not know."""
    view = _common(report, agency_name, events, "staff", files)
    tz = report.time_zone
    view.update({
        "version": report.version,
        "channel": report.channel,
        "unit_id": report.unit_id,
        "complexity": report.complexity,
        "submitted_at": local_iso(report.submitted_at, tz),
        "verified_at": local_iso(report.verified_at, tz),
        "disposed_at": local_iso(report.disposed_at, tz),
        "first_answered_at": local_iso(report.first_answered_at, tz),
        "answered_at": local_iso(report.answered_at, tz),
        "closed_at": local_iso(report.closed_at, tz),
        "archive_reason": report.archive_reason,
        "duplicate_of": report.duplicate_of,
        "reopened_count": int(report.reopened_count or 0),
        "next_due_at": report.next_due_at,
        "breaches": [{"stage": breach.stage, "deadline": breach.deadline,
                      "detected_at": local_iso(breach.detected_at, tz),
                      "resolved_at": local_iso(breach.resolved_at, tz)}
                     for breach in report.breaches or []],
        "feedback": _feedback(report, events),
        "draft_answer": _draft(report.draft_answer, tz),
        "reporter": _reporter_for_staff(report, principal),
        "suggestion": _suggestion(report),
        "allowed_actions": [{"action": action.value, "label": _label(ACTION_LABELS[action])}
                            for action in actions],
    })
    return view


def _draft(draft, time_zone: str) -> dict | None:
    """A unit officer's final answer waiting for approval: for staff only."""
    if draft is None:
        return None
    return {"message": draft.message, "public": bool(draft.public), "attachment_ids": list(draft.attachment_ids or []),
            "drafted_by": draft.drafted_by,
            "drafted_at": local_iso(draft.drafted_at, time_zone), "from_status": draft.from_status}


def _suggestion(report) -> dict | None:
    """What the text suggested at arrival, for the verification form to start from and say why."""
    read = report.suggestion
    if read is None:
        return None
    return {"topic_id": read.topic_id, "score": float(read.score), "matched": list(read.matched or []),
            "agency_id": read.agency_id, "routed_by_system": bool(read.routed),
            "coordinator_id": read.coordinator_id}


def queue_item(report, now_key: str) -> dict:
    """One line of a work queue (built from the fields the queue indexes carry)."""
    return {
        "tracking_id": report.tracking_id,
        "title": report.title,
        "kind": report.kind,
        "privacy": report.privacy,
        "status": report.status,
        "status_label": _label(STATUS_LABELS[Status(report.status)]),
        "agency_id": report.agency_id,
        "unit_id": report.unit_id,
        "region_code": report.region_code,
        "topic": report.topic,
        "received_at": report.received_at.isoformat(timespec="seconds") if report.received_at else None,
        "next_due_at": report.next_due_at,
        "overdue": bool(report.next_due_at and report.next_due_at < now_key),
        "escalated": report.escalated_at is not None,
        "version": report.version,
    }


def public_list_item(report, agency_name: str | None) -> dict:
    """One line of the public list (built from the fields its indexes carry): what the report is
    about and where it stands; never the description, never anything of the reporter."""
    return {
        "tracking_id": report.tracking_id,
        "title": report.title,
        "kind": report.kind,
        **status_fields(report.status, "public"),
        "region_code": report.region_code,
        "topic": report.topic,
        "agency": {"agency_id": report.agency_id, "name": agency_name or report.agency_id},
        "received_at": local_iso(report.received_at, report.time_zone),
    }


_LANDLINE_WITH_EMAIL = Text(
    "Nomor telepon yang Anda berikan bukan nomor ponsel, jadi kabar laporan dikirim lewat e-mail saja, "
    "tidak lewat SMS. Petugas tetap dapat menghubungi Anda di nomor itu.",
    "The phone number you gave is not a mobile number, so news of the report comes by e-mail only, not "
    "by SMS. Officers may still call you on it.")
_LANDLINE_ONLY = Text(
    "Nomor telepon yang Anda berikan bukan nomor ponsel, jadi kami tidak dapat mengirim kabar lewat SMS. "
    "Ikuti laporan di halaman pelacakan dengan nomor pelacakan dan kode akses di atas. Petugas tetap "
    "dapat menghubungi Anda di nomor itu.",
    "The phone number you gave is not a mobile number, so we cannot send news by SMS. Follow the report "
    "on the tracking page with the tracking id and access code above. Officers may still call you on it.")


def receipt_notifications(reporter: dict | None) -> dict:
    """How the reporter will hear of the report: e-mail when given, SMS only to a mobile number
    (the sender's rule, services/changes.reporter_channels), and why not, for a landline."""
    reporter = reporter or {}
    email, phone = bool(reporter.get("email")), reporter.get("phone")
    sms = phones.is_mobile(phone)
    notice = None
    if phone and not sms:
        notice = _label(_LANDLINE_WITH_EMAIL if email else _LANDLINE_ONLY)
    return {"email": email, "sms": sms, "notice": notice}


def receipt(report, agency_name: str, access_token: str, tracking_url: str) -> dict:
    return {
        "tracking_id": report.tracking_id,
        "access_token": access_token,
        "status": report.status,
        "status_label": _label(STATUS_LABELS[Status(report.status)]),
        "kind": report.kind,
        "privacy": report.privacy,
        "agency": {"agency_id": report.agency_id, "name": agency_name},
        "received_at": local_iso(report.received_at, report.time_zone),
        "deadlines": _deadlines(report),
        "tracking_url": tracking_url,
        "notifications": receipt_notifications(report.reporter.as_dict() if report.reporter else None),
    }
