"""The vocabulary of a report (DESIGN §2): kinds, privacy, channels, statuses, with labels."""
from __future__ import annotations

from enum import Enum

from chalicelib.i18n import Text


class Kind(str, Enum):
    """pengaduan, aspirasi, permintaan informasi"""

    COMPLAINT = "complaint"
    ASPIRATION = "aspiration"
    INFORMATION_REQUEST = "information_request"


class Privacy(str, Enum):
    PUBLIC = "public"
    ANONYMOUS = "anonymous"  # report may be public; identity hidden from public and agency
    CONFIDENTIAL = "confidential"  # never public; identity only for admins who handle it


class Channel(str, Enum):
    WEB = "web"
    API = "api"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    SOCIAL_MEDIA = "social_media"
    WALK_IN = "walk_in"
    LETTER = "letter"
    PHONE = "phone"
    COMPLAINT_BOX = "complaint_box"


class Status(str, Enum):
    SUBMITTED = "submitted"
    ON_HOLD = "on_hold"
    ARCHIVED = "archived"
    DISPOSITIONED = "dispositioned"
    IN_PROGRESS = "in_progress"
    RESPONDED = "responded"
    REPORTER_REPLIED = "reporter_replied"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.SUBMITTED: Text("Belum Terverifikasi", "Not yet verified"),
    Status.ON_HOLD: Text("Tertunda", "On hold"),
    Status.ARCHIVED: Text("Arsip", "Archived"),
    Status.DISPOSITIONED: Text("Terdisposisi – Belum Ditindaklanjuti",
                               "Dispositioned – not yet followed up"),
    Status.IN_PROGRESS: Text("Terdisposisi – Sedang Diproses", "Dispositioned – in progress"),
    Status.RESPONDED: Text("Ditindaklanjuti oleh Instansi", "Followed up by the agency"),
    Status.REPORTER_REPLIED: Text("Ditanggapi oleh Pelapor", "Replied to by the reporter"),
    Status.CLOSED: Text("Selesai", "Closed"),
}


class EventType(str, Enum):
    SUBMITTED = "submitted"


EVENT_LABELS = {
    EventType.SUBMITTED: Text("Laporan diterima", "Report received"),
}


class ActorRole(str, Enum):
    REPORTER = "reporter"
    SYSTEM = "system"
    NATIONAL_ADMIN = "national_admin"
    AGENCY_ADMIN = "agency_admin"
    UNIT_OFFICER = "unit_officer"
    OVERSIGHT = "oversight"
