"""What each audience may see of a report: the one place privacy rules are applied.

``public_view`` is for anyone with the tracking id: never a confidential report,
never the identity of an anonymous (or confidential) reporter, never contacts,
never internal events. ``reporter_view`` is for whoever holds the access token.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.reports import EVENT_LABELS, STATUS_LABELS, EventType, Privacy, Status


def _label(text) -> dict:
    return {"id": text.id, "en": text.en}


def local_iso(instant: datetime, time_zone: str) -> str:
    return instant.astimezone(ZoneInfo(time_zone)).isoformat(timespec="seconds")


def _deadlines(report) -> dict:
    stored = report.deadlines.as_dict() if report.deadlines else {}
    return {name: stored.get(name) for name in
            ("verification_due", "first_response_due", "completion_due", "auto_close_due")}


def _timeline_entry(event, time_zone: str) -> dict:
    event_type = EventType(event.event_type)
    return {
        "event_type": event_type.value,
        "label": _label(EVENT_LABELS[event_type]),
        "at": local_iso(event.at, time_zone),
        "actor_role": event.actor_role,
        "actor_agency_id": event.actor_agency_id,
        "status_to": event.status_to,
        "message": event.message,
    }


def is_publicly_visible(report) -> bool:
    return report.privacy != Privacy.CONFIDENTIAL.value


def _common(report, agency_name: str, events, view: str) -> dict:
    location = report.location.as_dict() if report.location else None
    return {
        "view": view,
        "tracking_id": report.tracking_id,
        "kind": report.kind,
        "privacy": report.privacy,
        "status": report.status,
        "status_label": _label(STATUS_LABELS[Status(report.status)]),
        "title": report.title,
        "description": report.description,
        "region_code": report.region_code,
        "topic": report.topic,
        "agency": {"agency_id": report.agency_id, "name": agency_name},
        "location": location,
        "incident_date": report.incident_date,
        "received_at": local_iso(report.received_at, report.time_zone),
        "deadlines": _deadlines(report),
        "timeline": [_timeline_entry(event, report.time_zone) for event in events if event.public],
    }


def public_view(report, agency_name: str, events) -> dict:
    if not is_publicly_visible(report):
        raise ValueError("a confidential report has no public view")
    view = _common(report, agency_name, events, "public")
    name = report.reporter.name if report.reporter else None
    view["reporter"] = ({"name": name} if report.privacy == Privacy.PUBLIC.value and name else None)
    return view


def reporter_view(report, agency_name: str, events) -> dict:
    view = _common(report, agency_name, events, "reporter")
    view["reporter"] = report.reporter.as_dict() if report.reporter else None
    return view


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
    }
